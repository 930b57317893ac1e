// APOP (RFC 1939 section 7): the timestamp taken from an arbitrary server greeting, its strict validation as an
// RFC 822 msg-id, and the digest over it and a password.
//
// Checked against the rules themselves, not against the parser: a timestamp that is accepted lies inside the
// greeting, is "<local@domain>" in printable ASCII, at most 255 bytes, one '@' with text on both sides; and the
// digest is OpenSSL's MD5 of timestamp + secret in lowercase hex.

#include "fuzzsupport.h"
#include "pop3/pop3codec.h"

#include <openssl/evp.h>

using namespace mailshim;

namespace {

bool followsTheRules(const QByteArray &ts)
{
    if (ts.size() < 5 || ts.size() > 255 || !ts.startsWith('<') || !ts.endsWith('>'))
        return false;
    const QByteArray inner = ts.mid(1, ts.size() - 2);
    if (inner.count('@') != 1 || inner.startsWith('@') || inner.endsWith('@'))
        return false;
    for (const char c : inner) {
        if (c < 0x21 || c > 0x7e || c == '<' || c == '>')
            return false;
    }
    return true;
}

QByteArray opensslMd5Hex(const QByteArray &bytes)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    FUZZ_CHECK(EVP_Digest(bytes.constData(), size_t(bytes.size()), digest, &length, EVP_md5(), nullptr) == 1);
    return QByteArray(reinterpret_cast<const char *>(digest), int(length)).toHex();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::quietQtLog();
    FuzzedDataProvider in(data, size);
    const QByteArray secret = fuzz::takeBytes(in, 128);
    const QByteArray greeting = fuzz::takeRest(in);

    FUZZ_CHECK(Pop3Codec::isValidApopTimestamp(greeting) == followsTheRules(greeting));

    const std::optional<QByteArray> ts = Pop3Codec::apopTimestamp(greeting);
    if (ts) {
        FUZZ_CHECK(followsTheRules(*ts));
        FUZZ_CHECK(Pop3Codec::isValidApopTimestamp(*ts));
        FUZZ_CHECK(greeting.contains(*ts));
        // The first '<' of the greeting starts it: a server cannot make MailShim pick a later, planted one.
        FUZZ_CHECK(greeting.indexOf('<') == greeting.indexOf(*ts));
    }
    const QByteArray stamp = ts.value_or(greeting.left(300));
    const QByteArray digest = Pop3Codec::apopDigest(stamp, secret);
    FUZZ_CHECK(digest.size() == 32);
    for (const char c : digest)
        FUZZ_CHECK((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    FUZZ_CHECK(digest == opensslMd5Hex(stamp + secret));
    return 0;
}
