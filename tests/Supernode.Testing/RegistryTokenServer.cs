using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Supernode.Testing;

/// <summary>
/// The token service of Docker's registry auth, on loopback: <c>GET /token?service=…&amp;scope=…</c> with the right
/// Basic credentials answers <c>{"token": …}</c>, a JWT (RS256, its certificate in <c>x5c</c>) that docker-registry's
/// <c>auth: token</c> accepts for the scopes asked; anything else gets 401. Counts the tokens it issued.
/// </summary>
public sealed class RegistryTokenServer : IAsyncDisposable
{
    public const string Service = "supernode-test-registry";
    public const string Issuer = "supernode-test-token-service";

    private readonly RSA _key = RSA.Create(2048);
    private readonly X509Certificate2 _certificate;
    private readonly string _expectedAuthorization;
    private LoopbackHttpServer? _server;
    private int _issued;

    private RegistryTokenServer(string user, string password)
    {
        var request = new CertificateRequest("CN=supernode-test-token-service", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        _expectedAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
    }

    public string Realm => $"{_server!.BaseUrl}/token";

    /// <summary>The PEM the registry's <c>rootcertbundle</c> trusts.</summary>
    public string CertificatePem => _certificate.ExportCertificatePem();

    public int Issued => Volatile.Read(ref _issued);

    public static async Task<RegistryTokenServer> StartAsync(string user, string password)
    {
        var server = new RegistryTokenServer(user, password);
        server._server = await LoopbackHttpServer.StartAsync(server.HandleAsync);
        return server;
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        if (ctx.Request.Path != "/token" || ctx.Request.Headers.Authorization.ToString() != _expectedAuthorization)
        {
            ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await ctx.Response.WriteAsync("{\"details\":\"wrong credentials\"}");
            return;
        }
        var access = new JsonArray();
        foreach (var scope in ctx.Request.Query["scope"])
        {
            // repository:<name>:<actions>
            var parts = scope!.Split(':');
            if (parts.Length != 3) continue;
            access.Add(new JsonObject
            {
                ["type"] = parts[0],
                ["name"] = parts[1],
                ["actions"] = new JsonArray([.. parts[2].Split(',').Select(a => (JsonNode)a)]),
            });
        }
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT", ["x5c"] = new JsonArray(Convert.ToBase64String(_certificate.RawData)) };
        var claims = new JsonObject
        {
            ["iss"] = Issuer,
            ["sub"] = "preheat",
            ["aud"] = ctx.Request.Query["service"].ToString(),
            ["exp"] = now + 3600,
            ["nbf"] = now - 60,
            ["iat"] = now,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["access"] = access,
        };
        var signingInput = Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var token = signingInput + "." + Base64Url(signature);
        Interlocked.Increment(ref _issued);
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(JsonSerializer.Serialize(new { token, expires_in = 3600 }));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        _certificate.Dispose();
        _key.Dispose();
    }
}
