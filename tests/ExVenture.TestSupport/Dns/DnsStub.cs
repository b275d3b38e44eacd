using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ExVenture.TestSupport.Dns;

/// <summary>
/// A tiny UDP name server for tests, standing in for Fly's <c>fdaa::3</c>: answers AAAA and TXT questions from the
/// records it was given (NXDOMAIN for other names), or SERVFAIL for every question while <see cref="Failing"/>.
/// Counts the questions, so a test can prove nobody asked.
/// </summary>
public sealed class DnsStub : IAsyncDisposable
{
    private const ushort TypeAaaa = 28;
    private const ushort TypeTxt = 16;

    private readonly UdpClient _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;
    private readonly ConcurrentDictionary<string, IReadOnlyList<IPAddress>> _aaaa = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _txt = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<string> _questions = new();

    /// <summary>Listens on <paramref name="address"/> (default <c>::1</c>) at a free port.</summary>
    public DnsStub(IPAddress? address = null)
    {
        _socket = new UdpClient(new IPEndPoint(address ?? IPAddress.IPv6Loopback, 0));
        EndPoint = (IPEndPoint)_socket.Client.LocalEndPoint!;
        _serving = Task.Run(ServeAsync);
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>As DNS_SERVER takes it: <c>[::1]:port</c>.</summary>
    public string Address => EndPoint.ToString();

    /// <summary>While true, every question gets SERVFAIL.</summary>
    public bool Failing { get; set; }

    /// <summary>Every question so far, as "TYPE name".</summary>
    public IReadOnlyList<string> Questions => _questions.ToList();

    public void SetAaaa(string name, params IPAddress[] addresses) => _aaaa[name.TrimEnd('.')] = addresses;

    /// <summary>One TXT record made of <paramref name="strings"/> (each at most 255 bytes).</summary>
    public void SetTxt(string name, params string[] strings) => _txt[name.TrimEnd('.')] = strings;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _serving;
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }

        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult request;
            try
            {
                request = await _socket.ReceiveAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            if (Answer(request.Buffer) is { } response)
            {
                await _socket.SendAsync(response, request.RemoteEndPoint, _stop.Token);
            }
        }
    }

    private byte[]? Answer(byte[] query)
    {
        if (query.Length < 12 || BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(4)) != 1)
        {
            return null;
        }

        // The question: labels, then type and class.
        var position = 12;
        var labels = new List<string>();
        while (position < query.Length && query[position] != 0)
        {
            int length = query[position];
            labels.Add(Encoding.ASCII.GetString(query, position + 1, length));
            position += length + 1;
        }

        position++;
        if (position + 4 > query.Length)
        {
            return null;
        }

        var name = string.Join('.', labels);
        var type = BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(position));
        var questionEnd = position + 4;
        _questions.Enqueue($"{(type == TypeAaaa ? "AAAA" : type == TypeTxt ? "TXT" : type.ToString(System.Globalization.CultureInfo.InvariantCulture))} {name}");

        var answers = new List<byte[]>();
        var known = false;
        if (type == TypeAaaa && _aaaa.TryGetValue(name, out var addresses))
        {
            known = true;
            answers.AddRange(addresses.Select(a => Record(TypeAaaa, a.GetAddressBytes())));
        }
        else if (type == TypeTxt && _txt.TryGetValue(name, out var strings))
        {
            known = true;
            var data = new List<byte>();
            foreach (var text in strings)
            {
                var bytes = Encoding.UTF8.GetBytes(text);
                data.Add((byte)bytes.Length);
                data.AddRange(bytes);
            }

            answers.Add(Record(TypeTxt, data.ToArray()));
        }
        else
        {
            known = _aaaa.ContainsKey(name) || _txt.ContainsKey(name);
        }

        var rcode = Failing ? 2 : known ? 0 : 3;
        if (Failing)
        {
            answers.Clear();
        }

        var response = new List<byte>();
        response.AddRange(query.AsSpan(0, 2).ToArray()); // id
        var recursionDesired = query[2] & 0x01;
        response.Add((byte)(0x84 | recursionDesired)); // QR, authoritative
        response.Add((byte)(0x80 | rcode)); // RA, rcode
        response.AddRange([0, 1]);
        response.AddRange([(byte)(answers.Count >> 8), (byte)answers.Count]);
        response.AddRange([0, 0, 0, 0]);
        response.AddRange(query.AsSpan(12, questionEnd - 12).ToArray());
        foreach (var answer in answers)
        {
            response.AddRange(answer);
        }

        return response.ToArray();
    }

    private static byte[] Record(ushort type, byte[] data)
    {
        var record = new byte[12 + data.Length];
        record[0] = 0xC0; // the name: a pointer to the question's
        record[1] = 12;
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(2), type);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(4), 1); // IN
        BinaryPrimitives.WriteUInt32BigEndian(record.AsSpan(6), 1); // TTL 1 s
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(10), (ushort)data.Length);
        data.CopyTo(record.AsSpan(12));
        return record;
    }
}
