namespace Supernode.Gateway.Configuration;

/// <summary>
/// One configurable value and every name it goes by: YAML key <see cref="Section"/>.<see cref="Key"/>,
/// command-line flag, and the environment variables <c>SUPERNODE_SECTION.KEY</c> (Go's spelling) and
/// <c>SUPERNODE_SECTION_KEY</c> (usable from a shell).
/// </summary>
internal abstract class Setting(string section, string key, string? flag, string description)
{
    public string Section { get; } = section;

    public string Key { get; } = key;

    /// <summary>Long flag, e.g. <c>--port</c>; null when the setting is only read from the file and environment.</summary>
    public string? Flag { get; } = flag;

    public string Description { get; } = description;

    public string Path => $"{Section}.{Key}";

    public IEnumerable<string> EnvironmentNames
    {
        get
        {
            var (section, key) = (Section.ToUpperInvariant(), Key.ToUpperInvariant());
            yield return $"SUPERNODE_{section}.{key}";
            yield return $"SUPERNODE_{section}_{key}";
        }
    }

    /// <summary>A flag that may stand alone (<c>--debug</c>) for true.</summary>
    public abstract bool IsSwitch { get; }

    /// <summary>Takes several comma-separated items, or a YAML list.</summary>
    public abstract bool IsList { get; }

    /// <summary>Placeholder of the flag's value in the usage text.</summary>
    public abstract string ValueName { get; }

    /// <exception cref="FormatException">The text is not a valid value; the message says why.</exception>
    public abstract object Parse(string text);

    /// <summary>This setting's value in <paramref name="options"/>, as a YAML scalar or list.</summary>
    public abstract object Render(SupernodeOptions options);
}

/// <summary>A setting stored in the section record <typeparamref name="TSection"/>, whatever its value type.</summary>
internal interface ISectionSetting<TSection>
{
    /// <summary>The section with this setting replaced by a value from <see cref="Setting.Parse"/>.</summary>
    TSection Apply(TSection target, object value);
}

/// <summary>A setting of the section record <typeparamref name="TSection"/> holding a <typeparamref name="T"/>.</summary>
internal sealed class Setting<TSection, T>(
    string section, string key, string? flag, string description, ValueKind<T> kind,
    Func<SupernodeOptions, TSection> sectionOf, Func<TSection, T> get, Func<TSection, T, TSection> set)
    : Setting(section, key, flag, description), ISectionSetting<TSection>
    where T : notnull
{
    public override bool IsSwitch => typeof(T) == typeof(bool);

    public override bool IsList => typeof(T) == typeof(IReadOnlyList<string>);

    public override string ValueName => kind.Name;

    public override object Parse(string text) => kind.Parse(text);

    public override object Render(SupernodeOptions options) => kind.Render(get(sectionOf(options)));

    public TSection Apply(TSection target, object value) => set(target, (T)value);
}
