using System.Collections;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DanVan.Hub.Hosting;

/// <summary>
/// The one way the hub reads its settings: a configuration section bound to an options class, checked
/// by the class's own data annotations (and <see cref="IValidatableObject"/> for rules across fields),
/// nested settings included, when the hub starts. A bad value stops the start with a message naming
/// its configuration key, e.g. <c>DanVan:Dialogues:NoticeDays: The field NoticeDays must be between 0
/// and 90.</c>; a value of the wrong type fails the same way, in the binder.
/// </summary>
/// <remarks>
/// A list or array that configuration sets replaces its default instead of being appended to it (the
/// binder's own behaviour: <c>ReceptionDays:0</c> would otherwise add a third reception day to the two
/// defaults, not replace the first). Dictionaries still merge key by key, so one level's count can be
/// changed without repeating the others.
/// </remarks>
public static class Settings
{
    /// <summary>
    /// Registers <c>IOptions&lt;T&gt;</c> bound to <paramref name="section"/> and validated on start, and
    /// <typeparamref name="T"/> itself, for the domain classes, which take their settings as plain objects.
    /// </summary>
    public static void AddSettings<T>(this IServiceCollection services, IConfiguration configuration, string section)
        where T : class
    {
        services.AddOptions<T>()
            .Configure(options => ClearConfiguredLists(options, configuration.GetSection(section)))
            .Bind(configuration.GetSection(section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new SectionValidator<T>(section));
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
    }

    /// <summary>
    /// The same settings read at once, for the few values that shape the host itself before it is built
    /// (its listeners, whether it runs a job server); invalid ones throw as they would on start.
    /// </summary>
    public static T Read<T>(IConfiguration configuration, string section)
        where T : class, new()
    {
        var value = new T();
        ClearConfiguredLists(value, configuration.GetSection(section));
        configuration.GetSection(section).Bind(value);
        var result = new SectionValidator<T>(section).Validate(Options.DefaultName, value);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(T), result.Failures);
        }

        return value;
    }

    private static void ClearConfiguredLists(object options, IConfigurationSection section)
    {
        foreach (var property in options.GetType().GetProperties().Where(p => p.CanWrite && p.GetIndexParameters().Length == 0))
        {
            var configured = section.GetSection(property.Name);
            if (!configured.GetChildren().Any())
            {
                continue;
            }

            var value = property.GetValue(options);
            if (property.PropertyType.IsArray)
            {
                property.SetValue(options, Array.CreateInstance(property.PropertyType.GetElementType()!, 0));
            }
            else if (value is IList list and not IDictionary)
            {
                list.Clear();
            }
            else if (value is not null && IsSettings(value.GetType()))
            {
                ClearConfiguredLists(value, configured);
            }
        }
    }

    // Settings classes are the project's own; framework values (strings, times, lists) are leaves.
    private static bool IsSettings(Type type) =>
        type.IsClass && type.Namespace?.StartsWith("DanVan.", StringComparison.Ordinal) == true;

    private sealed class SectionValidator<T>(string section) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var failures = new List<string>();
            Collect(options, section, failures);
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }

        private static void Collect(object value, string path, List<string> failures)
        {
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true);
            foreach (var result in results)
            {
                var members = result.MemberNames.Any() ? result.MemberNames : [""];
                failures.AddRange(members.Select(m => $"{(m.Length == 0 ? path : $"{path}:{m}")}: {result.ErrorMessage}"));
            }

            foreach (var property in value.GetType().GetProperties())
            {
                if (property.GetIndexParameters().Length > 0 || property.GetValue(value) is not { } child)
                {
                    continue;
                }

                var childPath = $"{path}:{property.Name}";
                if (IsSettings(child.GetType()))
                {
                    Collect(child, childPath, failures);
                }
                else if (child is IEnumerable items and not string)
                {
                    var index = 0;
                    foreach (var item in items)
                    {
                        if (item is not null && IsSettings(item.GetType()))
                        {
                            Collect(item, $"{childPath}:{index}", failures);
                        }

                        index++;
                    }
                }
            }
        }
    }
}
