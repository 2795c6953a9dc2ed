namespace Supernode.Gateway.Configuration;

/// <summary>The text of a setting as one source gave it, before parsing.</summary>
/// <param name="Text">The value as written.</param>
/// <param name="Origin">Where it was written, as an error message names it: <c>--port (base.listenPort)</c>.</param>
internal readonly record struct RawValue(string Text, string Origin)
{
    /// <exception cref="ConfigurationException">The text is not a valid value, with the reason from <paramref name="parse"/>.</exception>
    public T ParseWith<T>(Func<string, T> parse)
    {
        try { return parse(Text); }
        catch (FormatException e) { throw ConfigurationException.InvalidValue(this, e.Message); }
    }
}
