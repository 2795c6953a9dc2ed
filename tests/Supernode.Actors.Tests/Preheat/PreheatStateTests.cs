using System.Collections.Immutable;
using Supernode.Actors.Preheat;
using Supernode.Actors.Tasks;

namespace Supernode.Actors.Tests.Preheat;

/// <summary>The pure rules of a preheat job: ids, transitions, outcome, timeout and retention.</summary>
public sealed class PreheatStateTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UnixEpoch.AddDays(20000);

    internal static PreheatRequest Request(PreheatType type = PreheatType.Image, string url = "http://127.0.0.1:5000/v2/app/manifests/v1",
        string filter = "", string identifier = "", ImmutableSortedDictionary<string, string>? headers = null) =>
        new(type, url, filter, identifier, headers ?? ImmutableSortedDictionary<string, string>.Empty.Add("Authorization", "Basic c2VjcmV0"), []);

    private static PreheatLayer Layer(string digest) =>
        PreheatRequest.BlobLayer(new ImageLayer(digest, $"http://127.0.0.1:5000/v2/app/blobs/{digest}"));

    private static PreheatState Running(params string[] digests)
    {
        var request = Request();
        return PreheatState.Empty(request.Id)
            .Apply(new PreheatEvents.JobCreated(request, T0))
            .Apply(new PreheatEvents.LayersResolved([.. digests.Select(Layer)], request.Headers, T0.AddSeconds(1)));
    }

    [Fact]
    public void The_id_of_a_file_preheat_is_the_taskId_a_dfget_of_the_url_registers()
    {
        var request = Request(PreheatType.File, "http://a.b/c.bin?sig=1&x=2", filter: "sig", identifier: "id1");
        Assert.Equal(TaskIdentity.Compute("http://a.b/c.bin?x=2", null, "id1", (string?)null), request.Id);
        Assert.Equal(request.Id, request.FileLayer().TaskId);
        Assert.Equal("http://a.b/c.bin?x=2", request.FileSource().TaskUrl);
        Assert.Equal("http://a.b/c.bin?sig=1&x=2", request.FileSource().RawUrl);
    }

    [Fact]
    public void A_range_header_names_another_task_and_an_empty_filter_drops_nameless_query_parameters_as_go_does()
    {
        var ranged = Request(PreheatType.File, "http://a.b/c.bin", headers: ImmutableSortedDictionary<string, string>.Empty.Add("Range", "bytes=0-9"));
        Assert.Equal(TaskIdentity.Compute("http://a.b/c.bin", null, null, "bytes=0-9"), ranged.Id);
        Assert.Equal(ranged.Id, ranged.FileLayer().TaskId);
        Assert.Equal(TaskIdentity.Compute("http://a.b/c.bin?k=v", null, null, (string?)null), Request(PreheatType.File, "http://a.b/c.bin?k=v&=x").Id);
    }

    [Fact]
    public void A_layer_is_warmed_under_the_taskId_of_a_plain_pull_of_its_blob_url()
    {
        var layer = Layer("sha256:ab");
        Assert.Equal(TaskIdentity.Compute("http://127.0.0.1:5000/v2/app/blobs/sha256:ab", null, null, (string?)null), layer.TaskId);
        var source = Running("sha256:ab").SourceOf(layer);
        Assert.Equal(layer.Url, source.TaskUrl);
        Assert.Equal("", source.Identifier);
        Assert.Equal("Basic c2VjcmV0", source.Headers["Authorization"]);
    }

    [Fact]
    public void A_job_waits_runs_and_succeeds_once_every_layer_is_warmed()
    {
        var request = Request();
        var created = PreheatState.Empty(request.Id).Apply(new PreheatEvents.JobCreated(request, T0));
        Assert.Equal(PreheatStatus.Waiting, created.Status);
        Assert.True(created.IsActive);
        Assert.Null(created.Outcome(T0));

        var running = Running("sha256:a", "sha256:b");
        Assert.Equal(PreheatStatus.Running, running.Status);
        Assert.Equal(2, running.PendingLayers.Count());
        var one = running.Apply(new PreheatEvents.LayerFinished(Layer("sha256:a").TaskId, true, "", T0.AddSeconds(2)));
        Assert.Null(one.Outcome(T0));
        var both = one.Apply(new PreheatEvents.LayerFinished(Layer("sha256:b").TaskId, true, "", T0.AddSeconds(3)));
        var outcome = Assert.IsType<PreheatEvents.JobSucceeded>(both.Outcome(T0.AddSeconds(3)));
        var done = both.Apply(outcome);
        Assert.Equal(PreheatStatus.Success, done.Status);
        Assert.Equal(T0.AddSeconds(3), done.FinishTime);
        Assert.False(done.IsActive);
    }

    [Fact]
    public void An_image_without_layers_succeeds_at_once_and_a_failed_layer_fails_the_job_naming_its_url()
    {
        Assert.IsType<PreheatEvents.JobSucceeded>(Running().Outcome(T0));
        var failed = Running("sha256:a", "sha256:b").Apply(new PreheatEvents.LayerFinished(Layer("sha256:b").TaskId, false, "source answered 401", T0));
        var outcome = Assert.IsType<PreheatEvents.JobFailed>(failed.Outcome(T0));
        Assert.Equal("http://127.0.0.1:5000/v2/app/blobs/sha256:b source answered 401", outcome.Error);
        Assert.Equal(outcome.Error, failed.Apply(outcome).ErrorMsg);
    }

    [Fact]
    public void A_file_job_fails_with_its_task_error_alone()
    {
        var request = Request(PreheatType.File, "http://a.b/c.bin");
        var state = PreheatState.Empty(request.Id).Apply(new PreheatEvents.JobCreated(request, T0))
            .Apply(new PreheatEvents.LayersResolved([request.FileLayer()], request.Headers, T0))
            .Apply(new PreheatEvents.LayerFinished(request.Id, false, "source answered 404: not found", T0));
        Assert.Equal("source answered 404: not found", Assert.IsType<PreheatEvents.JobFailed>(state.Outcome(T0)).Error);
    }

    [Fact]
    public void A_new_resolution_keeps_the_layers_already_warmed()
    {
        var state = Running("sha256:a", "sha256:b").Apply(new PreheatEvents.LayerFinished(Layer("sha256:a").TaskId, true, "", T0));
        var again = state.Apply(new PreheatEvents.LayersResolved([Layer("sha256:a"), Layer("sha256:c")], state.LayerHeaders, T0));
        Assert.Equal([PreheatStatus.Success, PreheatStatus.Running], again.Layers.Select(l => l.Status));
    }

    [Fact]
    public void A_post_starts_a_new_or_failed_job_joins_a_running_one_and_answers_208_for_a_succeeded_one()
    {
        var request = Request();
        Assert.Equal(CreateDecision.Start, PreheatState.Empty(request.Id).Decide());
        Assert.Equal(CreateDecision.AlreadyRunning, PreheatState.Empty(request.Id).Apply(new PreheatEvents.JobCreated(request, T0)).Decide());
        Assert.Equal(CreateDecision.AlreadyRunning, Running("sha256:a").Decide());
        Assert.Equal(CreateDecision.AlreadyDone, Running().Apply(new PreheatEvents.JobSucceeded(T0)).Decide());
        var failed = Running().Apply(new PreheatEvents.JobFailed("x", T0));
        Assert.Equal(CreateDecision.Start, failed.Decide());
        var restarted = failed.Apply(new PreheatEvents.JobCreated(request, T0.AddMinutes(1)));
        Assert.Equal((PreheatStatus.Waiting, null, "", 0), (restarted.Status, restarted.FinishTime, restarted.ErrorMsg, restarted.Layers.Length));
    }

    [Fact]
    public void An_unfinished_job_times_out_and_a_finished_one_is_collected_after_the_retention()
    {
        var running = Running("sha256:a");
        Assert.Null(running.TimedOut(T0.AddMinutes(29), TimeSpan.FromMinutes(30)));
        Assert.Contains("timeout", Assert.IsType<PreheatEvents.JobFailed>(running.TimedOut(T0.AddMinutes(30), TimeSpan.FromMinutes(30))).Error);
        Assert.Null(running.CollectAt(TimeSpan.FromHours(24)));
        var done = running.Apply(new PreheatEvents.JobFailed("x", T0.AddMinutes(1)));
        Assert.Null(done.TimedOut(T0.AddHours(1), TimeSpan.FromMinutes(30)));
        Assert.Equal(T0.AddMinutes(1).AddHours(24), done.CollectAt(TimeSpan.FromHours(24)));
        var forgotten = done.Apply(new PreheatEvents.JobForgotten(Collected: true, T0));
        Assert.False(forgotten.Exists);
        Assert.Null(forgotten.CollectAt(TimeSpan.FromHours(24)));
    }

    [Fact]
    public void A_view_shows_no_credentials()
    {
        var request = Request(url: "http://user:pw@127.0.0.1:5000/v2/app/manifests/v1",
            headers: ImmutableSortedDictionary<string, string>.Empty.Add("Authorization", "Basic c2VjcmV0").Add("X-Registry-Token", "t").Add("Accept", "a/b"));
        var view = PreheatState.Empty(request.Id).Apply(new PreheatEvents.JobCreated(request, T0)).View();
        Assert.Equal("http://user:***@127.0.0.1:5000/v2/app/manifests/v1", view.Url);
        Assert.Equal(["a/b", "***", "***"], view.Headers.Values);
    }
}
