namespace DanVan.Adapters.Errors;

/// <summary>Collects every field violation of one request so that all are reported together.</summary>
public sealed class Violations
{
    private readonly List<FieldViolation> _items = [];

    public bool Any => _items.Count > 0;

    public void Add(string field, string description) => _items.Add(new FieldViolation(field, description));

    /// <summary>Throws a <see cref="ValidationException"/> listing everything collected, if anything was.</summary>
    public void ThrowIfAny()
    {
        if (_items.Count > 0)
        {
            throw new ValidationException(_items.ToArray());
        }
    }
}
