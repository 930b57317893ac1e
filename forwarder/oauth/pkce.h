#pragma once

// Pkce: the random strings of an authorization request (RFC 7636, RFC 6749 section 10.12): a code verifier of 43
// base64url characters (32 random bytes) with its S256 challenge, and an unguessable state.

#include <QByteArray>

namespace mailshim::Pkce {

QByteArray newVerifier();                             // 43 characters of [A-Za-z0-9-_]
QByteArray challengeS256(const QByteArray &verifier); // BASE64URL(SHA256(verifier)), no padding
QByteArray newState();                                // 22 characters of [A-Za-z0-9-_]

} // namespace mailshim::Pkce
