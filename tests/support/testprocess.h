#pragma once

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

// Runs one external program to completion with a deadline, so fixtures and client wrappers never hang a test and
// always have the program's own words to put into a failure message.
class TestProcess
{
public:
    struct Result
    {
        QString commandLine;
        bool started = false;
        bool timedOut = false;
        bool crashed = false;
        int exitCode = -1;
        QByteArray standardOutput;
        QByteArray standardError;

        bool succeeded() const { return started && !timedOut && !crashed && exitCode == 0; }
        // One line for QVERIFY2: what ran, how it ended, and the tail of its stderr.
        QString describe() const;
    };

    struct Options
    {
        int timeoutMs = 60000;
        QString workingDirectory;
        // Empty means "inherit the caller's environment".
        QProcessEnvironment environment;
        QByteArray standardInput;
    };

    static Result run(const QString &program, const QStringList &arguments);
    static Result run(const QString &program, const QStringList &arguments, const Options &options);

    // Stops a long-running program: SIGTERM, and SIGKILL if it has not ended within graceMs.
    static void stop(QProcess &process, int graceMs);

    // The last maxBytes of text, for error messages that must stay readable.
    static QByteArray tail(const QByteArray &text, int maxBytes = 2000);
};
