#pragma once

// The SMTP part of mailshim-bench (`--parts smtp`, issue 17): a 30 MiB message and 200 small messages, and whole
// sessions, sent through MailShim's `tls` and `starttls` SMTP listeners (the real mailshim-service, as in the POP3
// parts), stunnel in client mode (`[smtps]` implicit TLS, `[submission]` `protocol = smtp`), a raw hop, and directly
// to a private Postfix (PostfixFixture: SMTPS and submission with SASL through its Dovecot), all in one run, with
// the same client (SmtpBenchClient). Prints a markdown table of medians and MailShim's ratios.

#include <QString>
#include <QStringList>

struct SmtpBenchOptions
{
    int runs = 5;
    int sessions = 100; // sequential sessions per path and run
    QString service;    // the mailshim-service binary (or a wrapper)
    QStringList modes{QStringLiteral("tls"), QStringLiteral("starttls")};
    QStringList vias{QStringLiteral("direct"), QStringLiteral("MailShim"), QStringLiteral("stunnel"),
                     QStringLiteral("hop")};
    bool large = true;
    bool small = true;
    bool sessionFigure = true;
};

// Runs the SMTP part (needs root: Postfix and Dovecot); returns the number of errors (failed figures).
int runSmtpBench(const SmtpBenchOptions &options);
