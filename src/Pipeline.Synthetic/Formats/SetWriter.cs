using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Pipeline.Extract;

namespace Pipeline.Synthetic.Formats;

/// <summary>
/// Writes one extract set of statutory returns: each file streamed to disk and hashed as it is written, then the manifest last
/// (its arrival is what triggers a run), naming the set's formats and every file with its rows and SHA-256.
/// </summary>
internal sealed class SetWriter
{
    private readonly List<(string Name, long Rows, string Sha256)> _files = [];
    private readonly string _folder;
    private readonly GeneratorOptions _options;
    private readonly IReadOnlyList<ExtractFormat> _formats;

    public SetWriter(string folder, GeneratorOptions options, IReadOnlyList<ExtractFormat> formats)
    {
        _folder = folder;
        _options = options;
        _formats = formats;
        Directory.CreateDirectory(folder);
        Directory.CreateDirectory(Path.Combine(folder, ExtractGenerator.SidecarFolder));

        // An old manifest must not describe files that are about to be rewritten.
        File.Delete(Path.Combine(folder, ExtractGenerator.ManifestFileName));
    }

    public string Folder => _folder;

    /// <summary>The files written so far: name, rows, SHA-256.</summary>
    public IReadOnlyList<(string Name, long Rows, string Sha256)> Files => _files;

    /// <summary>Writes a file through <paramref name="write"/> (which returns its rows, as the manifest counts them) and records it.</summary>
    public void Add(string name, Func<Stream, long> write)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long rows;
        using (var file = new FileStream(Path.Combine(_folder, name), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        using (var hashing = new HashingWriter(file, hash))
        {
            rows = write(hashing);
        }

        _files.Add((name, rows, Convert.ToHexStringLower(hash.GetHashAndReset())));
    }

    /// <summary>Copies the simulation's population sidecar, then writes the manifest, moved into place whole.</summary>
    public void Finish(string populationCsv)
    {
        File.Copy(populationCsv, Path.Combine(_folder, ExtractGenerator.SidecarFolder, ExtractGenerator.PopulationFileName), overwrite: true);
        var manifest = Path.Combine(_folder, ExtractGenerator.ManifestFileName);
        File.WriteAllBytes(manifest + ".tmp", ManifestJson());
        File.Move(manifest + ".tmp", manifest, overwrite: true);
    }

    private byte[] ManifestJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("la_code", _options.LaCode);
            json.WriteString("source_system", _options.SourceSystem);
            if (_formats.Count == 1)
            {
                json.WriteString("format", _formats[0].Name());
            }
            else
            {
                json.WriteStartArray("format");
                foreach (var format in _formats)
                {
                    json.WriteStringValue(format.Name());
                }

                json.WriteEndArray();
            }

            json.WriteString("as_at", _options.AsAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteString("extracted_at", _options.AsAt.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T01:12:44Z");
            json.WriteStartArray("files");
            foreach (var (name, rows, sha) in _files)
            {
                json.WriteStartObject();
                json.WriteString("name", name);
                json.WriteNumber("rows", rows);
                json.WriteString("sha256", sha);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>UTF-8 without a byte-order mark, as the returns' own tools write.</summary>
    public static readonly Encoding Utf8 = new UTF8Encoding(false);

    private sealed class HashingWriter(Stream inner, IncrementalHash hash) : Stream
    {
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            hash.AppendData(buffer);
            inner.Write(buffer);
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
