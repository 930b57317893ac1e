#pragma once

namespace mailshim {

// How the bytes reach the server: the transport half of a security mode (the login is the other half).
enum class Transport {
    Plain,       // TCP only (a login may still protect the password: APOP)
    ImplicitTls, // TLS from the first byte (POP3S 995, SMTPS 465)
    StartTls,    // plain first, TLS after the protocol's upgrade command (STLS on 110, STARTTLS on 587)
};

} // namespace mailshim
