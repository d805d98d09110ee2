namespace DanVan.Adapters.Errors;

/// <summary>
/// One invalid field of a request or a record: the field's path, a stable code from
/// <see cref="ViolationCodes"/> that clients translate, and an English description for people reading logs.
/// </summary>
public sealed record FieldViolation(string Field, string Code, string Description);
