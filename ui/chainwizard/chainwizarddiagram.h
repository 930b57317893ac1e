#pragma once

// ChainWizardDiagram: the chain drawn as boxes and arrows, mail program -> hop -> ... -> server, with each
// hop's address and port, MailShim's box marked, hops with a problem outlined in red, and the last link
// labelled with its protection (TLS, APOP, or "not encrypted").

#include "setup/chainmodel.h"

#include <QSet>
#include <QWidget>

namespace mailshim {

class ChainWizardDiagram final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChainWizardDiagram)

public:
    explicit ChainWizardDiagram(QWidget *parent = nullptr);
    void setChain(const Chain &chain, const QList<ChainProblem> &problems);
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    // The boxes' texts in order, for tests and screen readers: "Mail program", "POPFile 127.0.0.1:123", ...
    QStringList boxTexts() const;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString serverLinkLabel() const;

    Chain m_chain;
    QSet<int> m_badHops;
};

} // namespace mailshim
