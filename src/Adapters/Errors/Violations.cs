namespace DanVan.Adapters.Errors;

/// <summary>Collects every field violation of one request so that all are reported together.</summary>
public sealed class Violations
{
    private readonly List<FieldViolation> _items = [];

    public bool Any => _items.Count > 0;

    /// <param name="field">The field's path in the request, e.g. <c>opinions[2].topic</c>.</param>
    /// <param name="code">One of <see cref="ViolationCodes"/>.</param>
    /// <param name="description">What is wrong, in English, following the field's name.</param>
    public void Add(string field, string code, string description) => _items.Add(new FieldViolation(field, code, description));

    /// <summary>Throws a <see cref="ValidationException"/> listing everything collected, if anything was.</summary>
    public void ThrowIfAny()
    {
        if (_items.Count > 0)
        {
            throw new ValidationException(_items.ToArray());
        }
    }
}
