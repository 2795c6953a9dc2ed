namespace Supernode.Gateway.Configuration;

/// <summary>
/// How the text of a setting becomes a value, whatever its source (flag, environment or YAML scalar), and how the
/// value is written back to YAML. <see cref="Parse"/> throws <see cref="FormatException"/> with the reason only;
/// the loader adds which setting and value it was.
/// </summary>
/// <param name="Name">Placeholder shown in the usage text, e.g. <c>port</c> or <c>duration</c>.</param>
/// <param name="Parse">Text to value, validated.</param>
/// <param name="Render">Value to a YAML scalar (string, number, bool) or a list of strings.</param>
internal sealed record ValueKind<T>(string Name, Func<string, T> Parse, Func<T, object> Render)
    where T : notnull;
