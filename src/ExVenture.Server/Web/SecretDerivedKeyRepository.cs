using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace ExVenture.Server.Web;

/// <summary>
/// The Data Protection key ring of every node: one key whose master secret and id are derived (HKDF-SHA256) from
/// SECRET_KEY_BASE. Cookies, antiforgery tokens and mailed links are then protected by ASP.NET Core Data Protection's
/// own algorithms (AES-256-CBC + HMAC-SHA256) and every node, in every region, after every restart, reads what any
/// node wrote, with no key storage to share. Rotating SECRET_KEY_BASE signs everyone out, as it does in Phoenix and Rails.
/// </summary>
/// <remarks>Read-only: automatic key generation is turned off (<see cref="DataProtectionSetup"/>), so nothing is ever stored.</remarks>
public sealed class SecretDerivedKeyRepository : IXmlRepository
{
    /// <summary>The key is valid from long before any cookie was issued until long after any node will run.</summary>
    private static readonly DateTimeOffset Created = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Expires = new(2200, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // AES-256-CBC with HMAC-SHA256 takes a 512-bit master key; Data Protection derives per-purpose subkeys from it.
    private const int MasterKeyBytes = 64;

    private readonly XElement _key;

    public SecretDerivedKeyRepository(string secretKeyBase)
    {
        ArgumentException.ThrowIfNullOrEmpty(secretKeyBase);
        var secret = Encoding.UTF8.GetBytes(secretKeyBase);
        var masterKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, MasterKeyBytes, salt: [], info: "exventure/data-protection/master-key/v1"u8.ToArray());
        var id = new Guid(HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 16, salt: [], info: "exventure/data-protection/key-id/v1"u8.ToArray()));
        try
        {
            var descriptor = new AuthenticatedEncryptorDescriptor(
                new AuthenticatedEncryptorConfiguration
                {
                    EncryptionAlgorithm = EncryptionAlgorithm.AES_256_CBC,
                    ValidationAlgorithm = ValidationAlgorithm.HMACSHA256,
                },
                new Secret(masterKey)).ExportToXml();

            // The element XmlKeyManager itself writes for a key, with the descriptor Data Protection exported above.
            _key = new XElement("key",
                new XAttribute("id", id),
                new XAttribute("version", 1),
                new XElement("creationDate", Xml(Created)),
                new XElement("activationDate", Xml(Created)),
                new XElement("expirationDate", Xml(Expires)),
                new XElement("descriptor",
                    new XAttribute("deserializerType", descriptor.DeserializerType.AssemblyQualifiedName!),
                    descriptor.SerializedDescriptorElement));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(masterKey);
        }
    }

    public IReadOnlyCollection<XElement> GetAllElements() => [new XElement(_key)];

    public void StoreElement(XElement element, string friendlyName) =>
        throw new InvalidOperationException("Data Protection keys derive from SECRET_KEY_BASE; none are generated or stored.");

    private static string Xml(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
