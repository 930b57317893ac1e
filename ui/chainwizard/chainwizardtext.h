#pragma once

// ChainWizardText: the chain wizard's words for hop kinds, problems, proxy settings and test results, in the
// UI language. ChainModel and ChainTester give the facts (kind, hops, ports, replies); this says them.

#include "setup/chainmodel.h"
#include "setup/chaintester.h"

#include <QCoreApplication>
#include <QString>

namespace mailshim {

class ChainWizardText
{
    Q_DECLARE_TR_FUNCTIONS(ChainWizardText)

public:
    static QString kindLabel(ChainHopKind kind);
    static QString defaultName(ChainHopKind kind);
    static QString hopName(const Chain &chain, int hop);
    static QString problem(const Chain &chain, const ChainProblem &problem);
    // Why the recommended order is what it is.
    static QString recommendationReason();
    // What to set in hop i (another program) or what MailShim's listener does (the MailShim hop).
    static QString hopSetting(const Chain &chain, int hop, const ListenerConfig &mailShimListener);
    static QString testResult(const ChainTestResult &result);
    static QString testProgress(const Chain &chain, int hop, bool login);
};

} // namespace mailshim
