#include "testprocess.h"

#include <QProcess>

QString TestProcess::Result::describe() const
{
    QString state;
    if (!started) {
        state = QStringLiteral("could not be started");
    } else if (timedOut) {
        state = QStringLiteral("timed out and was killed");
    } else if (crashed) {
        state = QStringLiteral("crashed");
    } else {
        state = QStringLiteral("exited with code %1").arg(exitCode);
    }
    QString text = QStringLiteral("`%1` %2").arg(commandLine, state);
    const QByteArray err = tail(standardError).trimmed();
    if (!err.isEmpty()) {
        text += QStringLiteral("; stderr: ") + QString::fromLocal8Bit(err);
    }
    return text;
}

TestProcess::Result TestProcess::run(const QString &program, const QStringList &arguments)
{
    return run(program, arguments, Options());
}

TestProcess::Result TestProcess::run(const QString &program, const QStringList &arguments, const Options &options)
{
    Result result;
    result.commandLine = (QStringList(program) + arguments).join(QLatin1Char(' '));

    QProcess process;
    if (!options.workingDirectory.isEmpty()) {
        process.setWorkingDirectory(options.workingDirectory);
    }
    if (!options.environment.isEmpty()) {
        process.setProcessEnvironment(options.environment);
    }
    process.start(program, arguments);
    if (!process.waitForStarted(10000)) {
        result.standardError = process.errorString().toLocal8Bit();
        return result;
    }
    result.started = true;
    if (!options.standardInput.isEmpty()) {
        process.write(options.standardInput);
    }
    // Always close stdin: a client that reads a password or a message from it must see end-of-file, not block.
    process.closeWriteChannel();

    // waitForFinished() keeps draining both pipes, so a client printing 20 MB to stdout cannot stall on a full pipe.
    if (!process.waitForFinished(options.timeoutMs)) {
        result.timedOut = true;
        process.kill();
        process.waitForFinished(5000);
    }
    result.crashed = !result.timedOut && process.exitStatus() == QProcess::CrashExit;
    result.exitCode = process.exitCode();
    result.standardOutput = process.readAllStandardOutput();
    result.standardError = process.readAllStandardError();
    return result;
}

QByteArray TestProcess::tail(const QByteArray &text, int maxBytes)
{
    if (text.size() <= maxBytes) {
        return text;
    }
    return QByteArrayLiteral("...") + text.right(maxBytes);
}

void TestProcess::stop(QProcess &process, int graceMs)
{
    if (process.state() == QProcess::NotRunning)
        return;
    process.terminate();
    if (!process.waitForFinished(graceMs)) {
        process.kill();
        process.waitForFinished(graceMs / 2);
    }
}
