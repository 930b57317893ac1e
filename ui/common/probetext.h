#pragma once

// ProbeText: a server probe's findings in plain words (HTML for a QLabel), shared by the setup wizard and
// the main window's Test button so both explain a server the same way.

#include "setup/serverprobe.h"

#include <QCoreApplication>

namespace mailshim {

class ProbeText
{
    Q_DECLARE_TR_FUNCTIONS(ProbeText)

public:
    static QString html(const ProbeReport &report);
    static QString recommendation(const ProbeReport &report);

private:
    static QString portLines(const QString &title, const PortReport &port, Protocol protocol);
};

} // namespace mailshim
