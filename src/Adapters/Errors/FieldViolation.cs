namespace DanVan.Adapters.Errors;

/// <summary>One invalid field of a request or a record: the field's path and what is wrong with it.</summary>
public sealed record FieldViolation(string Field, string Description);
