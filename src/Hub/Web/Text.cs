namespace DanVan.Hub.Web;

/// <summary>
/// The web app's text. Keys are the Vietnamese text itself (the default culture), so a page reads as it
/// shows; Text.en.resx gives the English, and the neutral Text.resx is empty on purpose.
/// </summary>
public sealed class Text;
