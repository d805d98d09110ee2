namespace DanVan.Hub.Hosting;

/// <summary>The operators' commands (<c>clients</c>, <c>users</c>) read their arguments one way.</summary>
public static class CommandLine
{
    /// <summary>
    /// Positional words, <c>--name value</c> for the <paramref name="known"/> options, and anything else
    /// (e.g. <c>--ConnectionStrings:DanVan=…</c>) for the configuration.
    /// </summary>
    public static (string[] Command, Dictionary<string, string> Options, string[] Configuration) Parse(string[] args, IReadOnlyCollection<string> known)
    {
        var words = new List<string>();
        var options = new Dictionary<string, string>();
        var configuration = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i].StartsWith("--", StringComparison.Ordinal) ? args[i][2..] : null;
            if (name is not null && known.Contains(name) && i + 1 < args.Length)
            {
                options[name] = args[++i];
            }
            else if (name is not null)
            {
                configuration.Add(args[i]);
            }
            else
            {
                words.Add(args[i]);
            }
        }

        return (words.ToArray(), options, configuration.ToArray());
    }
}
