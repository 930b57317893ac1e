#include "ui/setupwizard/wizardresultpage.h"

#include "ui/common/copyablerow.h"
#include "ui/common/securitytext.h"
#include "ui/setupwizard/setupwizard.h"

#include <QApplication>
#include <QClipboard>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace mailshim {

WizardResultPage::WizardResultPage(SetupWizard *wizard) : QWizardPage(wizard), m_wizard(wizard), m_summary(new QLabel)
{
    setObjectName(QStringLiteral("resultPage"));
    setTitle(tr("Set up your mail program"));
    setSubTitle(tr("Enter these settings for incoming mail (POP3) in Outlook or your other mail program. "
                   "Turn off SSL/TLS there: MailShim protects the connection to the server."));
    m_summary->setObjectName(QStringLiteral("resultSummary"));
    m_summary->setWordWrap(true);

    auto *grid = new QGridLayout;
    m_server = CopyableRow::add(grid, 0, tr("Incoming mail server (POP3):"), QStringLiteral("resultServer"));
    m_port = CopyableRow::add(grid, 1, tr("Port:"), QStringLiteral("resultPort"));
    m_user = CopyableRow::add(grid, 2, tr("User name:"), QStringLiteral("resultUser"));
    m_password = CopyableRow::add(grid, 3, tr("Password:"), QStringLiteral("resultPassword"));
    auto *copyAll = new QPushButton(tr("Copy all settings"));
    copyAll->setObjectName(QStringLiteral("copyAll"));
    connect(copyAll, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(settingsText()); });

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(grid);
    layout->addWidget(copyAll, 0, Qt::AlignLeft);
    layout->addSpacing(12);
    layout->addWidget(m_summary);
    layout->addStretch();
}

void WizardResultPage::initializePage()
{
    const ListenerConfig &listener = m_wizard->created;
    m_server->setText(QStringLiteral("127.0.0.1"));
    m_port->setText(QString::number(listener.port));
    m_user->setText(listener.user.isEmpty() ? tr("(your user name at %1)").arg(listener.upstream->host)
                                            : listener.user);
    m_password->setText(m_wizard->passwordStored ? tr("any text: MailShim uses the password in the keychain")
                                                 : tr("your mail password, as before"));
    QString summary = tr("MailShim now listens on 127.0.0.1:%1 and connects to %2 using %3.")
                          .arg(listener.port)
                          .arg(listener.upstream->host,
                               SecurityText::label(listener.upstream->security, listener.upstream->effectivePort()));
    if (m_wizard->report.loginOk && *m_wizard->report.loginOk)
        summary += QLatin1Char(' ') + tr("A test login with your account worked.");
    else if (m_wizard->report.loginOk)
        summary += QLatin1Char(' ') + tr("The test login with your account failed (%1): the mail program will be "
                                         "refused the same way until the user name or password is corrected.")
                                          .arg(m_wizard->report.loginReply);
    if (!listener.upstream->tls.pinSha256.isEmpty())
        summary += QLatin1Char(' ') + tr("The server's certificate is pinned: if it ever changes, MailShim stops "
                                         "and tells you.");
    m_summary->setText(summary);
}

QString WizardResultPage::settingsText() const
{
    return tr("Incoming mail server (POP3): %1\nPort: %2\nUser name: %3\nPassword: %4\nSSL/TLS: off")
        .arg(m_server->text(), m_port->text(), m_user->text(), m_password->text());
}

} // namespace mailshim
