namespace DanVan.Adapters.Errors;

/// <summary>A request or record that breaks the rules; carries every violation, not only the first.</summary>
public sealed class ValidationException(IReadOnlyList<FieldViolation> violations)
    : Exception(string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}")))
{
    public IReadOnlyList<FieldViolation> Violations { get; } = violations;
}
