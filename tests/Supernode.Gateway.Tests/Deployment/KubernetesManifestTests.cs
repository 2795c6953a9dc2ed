using Supernode.Gateway.Configuration;
using Supernode.Gateway.Hosting;
using Supernode.Testing;
using YamlDotNet.RepresentationModel;

namespace Supernode.Gateway.Tests.Deployment;

/// <summary>The manifests in deploy/k8s agree with each other and with what the gateway accepts.</summary>
public sealed class KubernetesManifestTests
{
    private static readonly string Dir = Path.Combine(RepoPaths.Root, "deploy", "k8s");

    private static readonly IReadOnlyList<(string File, YamlMappingNode Doc)> Docs = Directory.GetFiles(Dir, "*.yaml")
        .SelectMany(file =>
        {
            var stream = new YamlStream();
            using var reader = new StreamReader(file);
            stream.Load(reader);
            return stream.Documents.Select(d => (Path.GetFileName(file), (YamlMappingNode)d.RootNode));
        })
        .ToList();

    private static YamlMappingNode Kind(string kind, string name) =>
        Docs.Single(d => Str(d.Doc, "kind") == kind && Str(Map(d.Doc, "metadata"), "name") == name).Doc;

    private static YamlMappingNode StatefulSet => Kind("StatefulSet", "supernode");
    private static YamlMappingNode PodSpec => Map(Map(Map(StatefulSet, "spec"), "template"), "spec");
    private static YamlMappingNode Container => (YamlMappingNode)Seq(PodSpec, "containers").Children.Single();

    [Fact]
    public void The_kustomization_lists_every_manifest()
    {
        var listed = Seq(Docs.Single(d => Str(d.Doc, "kind") == "Kustomization").Doc, "resources")
            .Children.Select(n => ((YamlScalarNode)n).Value).Order();
        var files = Directory.GetFiles(Dir, "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml").Order();
        Assert.Equal(files, listed);
    }

    [Fact]
    public void The_default_kustomization_has_no_secret_and_the_trial_overlay_adds_the_database_and_example_secrets()
    {
        Assert.DoesNotContain(Docs, d => Str(d.Doc, "kind") == "Secret");
        var overlay = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(Dir, "with-postgres", "kustomization.yaml"))) overlay.Load(reader);
        var resources = Seq((YamlMappingNode)overlay.Documents.Single().RootNode, "resources").Children.Select(n => ((YamlScalarNode)n).Value);
        Assert.Equal(["..", "postgres.yaml", "secret.example.yaml"], resources);
    }

    [Fact]
    public void A_locally_built_image_is_used_as_is()
    {
        Assert.Equal("IfNotPresent", Str(Container, "imagePullPolicy"));
    }

    [Fact]
    public void The_image_makes_its_home_the_directory_it_prepares_without_a_config_file_and_builds_from_sources_only()
    {
        var dockerfile = File.ReadAllText(Path.Combine(Dir, "Dockerfile"));
        const string home = "/var/lib/supernode";
        Assert.Contains($"mkdir -p {home} && chown supernode:supernode {home}", dockerfile);
        var env = dockerfile.Split('\n').Single(l => l.StartsWith("ENV ", StringComparison.Ordinal))["ENV ".Length..].Split('=', 2);
        var o = ConfigurationLoader.Load([], new Dictionary<string, string> { [env[0]] = env[1] }, _ => null);
        Assert.Equal(home, o.Base.HomeDir);

        var ignored = File.ReadAllLines(Path.Combine(RepoPaths.Root, ".dockerignore"));
        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
    }

    [Fact]
    public void Selectors_match_the_pod_labels()
    {
        var podLabels = Labels(Map(Map(Map(StatefulSet, "spec"), "template"), "metadata"));
        Assert.Subset(podLabels, MatchLabels(Map(Map(StatefulSet, "spec"), "selector")));
        Assert.Subset(podLabels, MatchLabels(Map(Map(Kind("PodDisruptionBudget", "supernode"), "spec"), "selector")));
        foreach (var service in new[] { "supernode", "supernode-headless" })
            Assert.Subset(podLabels, MatchLabels(Map(Kind("Service", service), "spec"), "selector"));
        Assert.Equal("supernode-headless", Str(Map(StatefulSet, "spec"), "serviceName"));
    }

    [Fact]
    public void Service_ports_target_named_container_ports_and_the_headless_service_publishes_unready_pods()
    {
        var named = Seq(Container, "ports").Children.Cast<YamlMappingNode>().ToDictionary(p => Str(p, "name"), p => Str(p, "containerPort"));
        Assert.Equal(new Dictionary<string, string> { ["api"] = "8002", ["download"] = "8001", ["remoting"] = "4053" }, named);
        foreach (var service in new[] { "supernode", "supernode-headless" })
            foreach (YamlMappingNode port in Seq(Map(Kind("Service", service), "spec"), "ports").Children)
                Assert.Contains(Str(port, "targetPort"), named.Keys);
        var headless = Map(Kind("Service", "supernode-headless"), "spec");
        Assert.Equal(("None", "true"), (Str(headless, "clusterIP"), Str(headless, "publishNotReadyAddresses")));
    }

    [Fact]
    public void Every_supernode_variable_and_flag_is_one_the_gateway_accepts()
    {
        var known = Settings.All.SelectMany(s => s.EnvironmentNames).ToHashSet();
        var env = Seq(Container, "env").Children.Cast<YamlMappingNode>().Select(e => Str(e, "name")).Where(n => n.StartsWith("SUPERNODE_")).ToList();
        Assert.NotEmpty(env);
        Assert.All(env, name => Assert.Contains(name, known));
        var flags = Seq(Container, "args").Children.Select(n => ((YamlScalarNode)n).Value!).Where(a => a.StartsWith("--"));
        Assert.All(flags, flag => Assert.Contains(flag, Settings.All.Select(s => s.Flag).Append("--config")));
    }

    [Fact]
    public void The_embedded_configuration_loads_as_a_postgresql_cluster_on_the_container_ports()
    {
        var yml = Str(Map(Kind("ConfigMap", "supernode-config"), "data"), "supernode.yml");
        var mount = Seq(Container, "volumeMounts").Children.Cast<YamlMappingNode>().Single(m => Str(m, "name") == "config");
        var args = Seq(Container, "args").Children.Select(n => ((YamlScalarNode)n).Value!).ToArray();
        Assert.Equal(["--config", Str(mount, "mountPath") + "/supernode.yml"], args);

        var environment = new Dictionary<string, string>
        {
            ["SUPERNODE_BASE_ADVERTISEIP"] = "10.1.2.3",
            ["SUPERNODE_CLUSTER_PUBLICHOST"] = "supernode-2.supernode-headless.default.svc.cluster.local",
            ["SUPERNODE_DATABASE_CONNECTIONSTRING"] = "Host=db;Database=supernode",
        };
        var o = ConfigurationLoader.Load(args, environment, path => path == args[1] ? yml : null);

        Assert.Equal(DatabaseProvider.PostgreSql, o.Database.Provider);
        Assert.Equal((8002, 8001, 4053), (o.Base.ListenPort, o.Base.DownloadPort, o.Cluster.Port));
        Assert.Equal(2, o.Cluster.SeedNodes.Count);
        Assert.All(o.Cluster.SeedNodes, s => Assert.EndsWith(".supernode-headless.default.svc.cluster.local:4053", s));
        var homeMount = Seq(Container, "volumeMounts").Children.Cast<YamlMappingNode>().Single(m => Str(m, "name") == "home");
        Assert.Equal(Str(homeMount, "mountPath"), o.Base.HomeDir);
    }

    [Fact]
    public void Probes_use_the_health_endpoints_and_the_grace_period_exceeds_the_shutdown_budget()
    {
        Assert.Equal(("/healthz/ready", "api"), Probe("readinessProbe"));
        Assert.Equal(("/healthz/live", "api"), Probe("livenessProbe"));
        Assert.True(int.Parse(Str(PodSpec, "terminationGracePeriodSeconds")) > SupernodeHost.ShutdownBudget.TotalSeconds + 5);
    }

    private static (string, string) Probe(string name)
    {
        var get = Map(Map(Container, name), "httpGet");
        return (Str(get, "path"), Str(get, "port"));
    }

    /// <summary>Labels as <c>key=value</c> strings, so selector ⊆ labels is a set comparison.</summary>
    private static HashSet<string> Labels(YamlMappingNode metadata) => Pairs(Map(metadata, "labels"));

    private static HashSet<string> MatchLabels(YamlMappingNode selector, string key = "matchLabels") => Pairs(Map(selector, key));

    private static HashSet<string> Pairs(YamlMappingNode map) =>
        map.Children.Select(k => $"{((YamlScalarNode)k.Key).Value}={((YamlScalarNode)k.Value).Value}").ToHashSet();

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node.Children[new YamlScalarNode(key)];

    private static YamlSequenceNode Seq(YamlMappingNode node, string key) => (YamlSequenceNode)node.Children[new YamlScalarNode(key)];

    private static string Str(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) ? ((YamlScalarNode)v).Value ?? "" : "";
}
