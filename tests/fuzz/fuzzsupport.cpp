#include "fuzzsupport.h"

#include <QCoreApplication>
#include <cstdio>
#include <cstdlib>

namespace mailshim::fuzz {

namespace {

void dropMessage(QtMsgType type, const QMessageLogContext &, const QString &text)
{
    if (type == QtFatalMsg) { // a Q_ASSERT or qFatal in the code under test: a finding
        std::fprintf(stderr, "qFatal: %s\n", qPrintable(text));
        std::abort();
    }
}

} // namespace

void quietQtLog()
{
    static const bool installed = [] {
        qInstallMessageHandler(dropMessage);
        return true;
    }();
    (void)installed;
}

void ensureApplication()
{
    quietQtLog();
    if (QCoreApplication::instance())
        return;
    static int argc = 1;
    static char name[] = "mailshim-fuzz";
    static char *argv[] = {name, nullptr};
    new QCoreApplication(argc, argv); // lives as long as the process; QCoreApplication::instance() holds it
}

QByteArray takeBytes(FuzzedDataProvider &in, size_t maxLength)
{
    const std::string bytes = in.ConsumeRandomLengthString(maxLength);
    return QByteArray(bytes.data(), qsizetype(bytes.size()));
}

QByteArray takeRest(FuzzedDataProvider &in)
{
    const std::string bytes = in.ConsumeRemainingBytesAsString();
    return QByteArray(bytes.data(), qsizetype(bytes.size()));
}

void fail(const char *condition, const char *file, int line)
{
    std::fprintf(stderr, "FUZZ_CHECK failed: %s at %s:%d\n", condition, file, line);
    std::abort();
}

} // namespace mailshim::fuzz
