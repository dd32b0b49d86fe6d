using System.Net;

namespace Pipeline.Tests.Support;

/// <summary>What a faulty network does to a request.</summary>
public enum Fault
{
    None,

    /// <summary>The service answers 500 ServerInternalError without doing anything.</summary>
    ServerInternalError,

    /// <summary>The connection drops before the request reaches the service.</summary>
    DroppedBeforeSending,

    /// <summary>The service does the work, then the connection drops before the answer arrives: the nastiest case for a retry.</summary>
    DroppedAfterProcessing,
}

/// <summary>
/// Sits between the Azure SDK and Azurite and injects faults into a share of the calls, from a seeded generator so
/// a failing test replays. NOTE: Azurite (3.35.0 as pinned, and 3.37.0) has no fault-injection header (its dist was searched for one), so
/// faults are made here, on the real HTTP path, against the real emulator.
/// </summary>
public sealed class FaultInjectingHandler(double rate, int seed, params Fault[] kinds) : DelegatingHandler(new SocketsHttpHandler())
{
    /// <summary>Only requests this accepts can be faulted (all, by default).</summary>
    public Func<HttpRequestMessage, bool> Applies { get; init; } = _ => true;

    private readonly Random random = new(seed);
    private readonly Lock gate = new();
    private int calls;
    private int injected;

    /// <summary>Stops injecting (e.g. once the scenario under test is over).</summary>
    public bool Enabled { get; set; } = true;

    public int Calls => calls;

    public int Injected => injected;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref calls);
        Fault fault;
        lock (gate)
        {
            fault = Enabled && Applies(request) && random.NextDouble() < rate ? kinds[random.Next(kinds.Length)] : Fault.None;
        }

        if (fault != Fault.None)
        {
            Interlocked.Increment(ref injected);
        }

        switch (fault)
        {
            case Fault.ServerInternalError:
                var response = new HttpResponseMessage(HttpStatusCode.InternalServerError) { RequestMessage = request, Content = new StringContent("") };
                response.Headers.Add("x-ms-error-code", "ServerInternalError");
                return response;
            case Fault.DroppedBeforeSending:
                throw new HttpRequestException("injected: connection reset before sending");
            case Fault.DroppedAfterProcessing:
                using (await base.SendAsync(request, cancellationToken))
                {
                }

                throw new HttpRequestException("injected: connection reset after the service processed the request");
            default:
                return await base.SendAsync(request, cancellationToken);
        }
    }
}
