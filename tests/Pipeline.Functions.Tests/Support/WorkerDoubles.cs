using System.Security.Claims;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace Pipeline.Tests.Support;

/// <summary>
/// The worker's abstractions as the worker hands them to a function, for calling one without the Functions host:
/// a function context over a service provider, an HTTP request, and the response it creates. Only what a function
/// can touch is real; the host's invocation plumbing (bindings, features, tracing) is not there.
/// </summary>
public sealed class TestFunctionContext(IServiceProvider services, string functionName) : FunctionContext
{
    public override string InvocationId { get; } = Guid.NewGuid().ToString();

    public override string FunctionId => functionName;

    public override TraceContext TraceContext => throw new NotSupportedException("not used by the functions");

    public override BindingContext BindingContext => throw new NotSupportedException("not used by the functions");

    public override RetryContext RetryContext => throw new NotSupportedException("not used by the functions");

    public override IServiceProvider InstanceServices { get; set; } = services;

    public override FunctionDefinition FunctionDefinition => throw new NotSupportedException("not used by the functions");

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override IInvocationFeatures Features => throw new NotSupportedException("not used by the functions");
}

public sealed class TestHttpRequest(FunctionContext context, string method, Uri url) : HttpRequestData(context)
{
    public override Stream Body { get; } = new MemoryStream();

    public override HttpHeadersCollection Headers { get; } = [];

    public override IReadOnlyCollection<IHttpCookie> Cookies { get; } = [];

    public override Uri Url { get; } = url;

    public override IEnumerable<ClaimsIdentity> Identities { get; } = [];

    public override string Method { get; } = method;

    public override HttpResponseData CreateResponse() => new TestHttpResponse(FunctionContext);
}

public sealed class TestHttpResponse(FunctionContext context) : HttpResponseData(context)
{
    public override System.Net.HttpStatusCode StatusCode { get; set; }

    public override HttpHeadersCollection Headers { get; set; } = [];

    public override Stream Body { get; set; } = new MemoryStream();

    public override HttpCookies Cookies { get; } = new NoCookies();

    public JsonElement Json()
    {
        Body.Position = 0;
        using var document = JsonDocument.Parse(Body);
        return document.RootElement.Clone();
    }

    public byte[] Bytes() => ((MemoryStream)Body).ToArray();

    public string Text() => System.Text.Encoding.UTF8.GetString(Bytes());

    public string? Header(string name) => Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    private sealed class NoCookies : HttpCookies
    {
        public override void Append(string name, string value) => throw new NotSupportedException();

        public override void Append(IHttpCookie cookie) => throw new NotSupportedException();

        public override IHttpCookie CreateNew() => throw new NotSupportedException();
    }
}
