#include "ui/setupwizard/wizardresultpage.h"

#include "ui/common/copyablerow.h"
#include "ui/common/securitytext.h"
#include "ui/setupwizard/setupwizard.h"

#include <QApplication>
#include <QClipboard>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace mailshim {

namespace {
// Japanese sentences follow each other without a space after "。"; English ones with one.
void addSentence(QString &text, const QString &sentence)
{
    if (!text.isEmpty() && !text.endsWith(QChar(0x3002)))
        text += QLatin1Char(' ');
    text += sentence;
}
} // namespace

WizardResultPage::WizardResultPage(SetupWizard *wizard)
    : QWizardPage(wizard), m_wizard(wizard), m_outgoing(new QGroupBox), m_summary(new QLabel)
{
    setObjectName(QStringLiteral("resultPage"));
    setTitle(tr("Set up your mail program"));
    setSubTitle(tr("Enter these settings in Outlook or your other mail program. Turn off SSL/TLS there: MailShim "
                   "protects the connection to the server."));
    m_summary->setObjectName(QStringLiteral("resultSummary"));
    m_summary->setWordWrap(true);

    auto *incoming = new QGroupBox(tr("Incoming mail (POP3)"));
    auto *grid = new QGridLayout(incoming);
    m_server = CopyableRow::add(grid, 0, tr("Incoming mail server (POP3):"), QStringLiteral("resultServer"));
    m_port = CopyableRow::add(grid, 1, tr("Port:"), QStringLiteral("resultPort"));
    m_user = CopyableRow::add(grid, 2, tr("User name:"), QStringLiteral("resultUser"));
    m_password = CopyableRow::add(grid, 3, tr("Password:"), QStringLiteral("resultPassword"));
    // Outlook asks for the encryption of each server separately; the local link has none.
    m_encryption = CopyableRow::add(grid, 4, tr("Encryption (SSL/TLS):"), QStringLiteral("resultEncryption"));
    m_encryption->setText(tr("None"));

    m_outgoing->setTitle(tr("Outgoing mail (SMTP)"));
    m_outgoing->setObjectName(QStringLiteral("resultOutgoingGroup"));
    auto *outGrid = new QGridLayout(m_outgoing);
    m_smtpServer = CopyableRow::add(outGrid, 0, tr("Outgoing mail server (SMTP):"), QStringLiteral("resultSmtpServer"));
    m_smtpPort = CopyableRow::add(outGrid, 1, tr("Port:"), QStringLiteral("resultSmtpPort"));
    m_smtpAuth =
        CopyableRow::add(outGrid, 2, tr("Outgoing server requires authentication:"), QStringLiteral("resultSmtpAuth"));
    m_smtpEncryption =
        CopyableRow::add(outGrid, 3, tr("Encryption (SSL/TLS):"), QStringLiteral("resultSmtpEncryption"));
    m_smtpEncryption->setText(tr("None"));

    // One column of labels in both groups, so the fields line up.
    int labelWidth = 0;
    for (QGridLayout *g : {grid, outGrid}) {
        for (int row = 0; row < g->rowCount(); ++row) {
            if (QLayoutItem *item = g->itemAtPosition(row, 0); item && item->widget())
                labelWidth = qMax(labelWidth, item->widget()->sizeHint().width());
        }
    }
    grid->setColumnMinimumWidth(0, labelWidth);
    outGrid->setColumnMinimumWidth(0, labelWidth);

    auto *copyAll = new QPushButton(tr("Copy all settings"));
    copyAll->setObjectName(QStringLiteral("copyAll"));
    connect(copyAll, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(settingsText()); });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(incoming);
    layout->addWidget(m_outgoing);
    layout->addWidget(copyAll, 0, Qt::AlignLeft);
    layout->addSpacing(8);
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
    const bool oauth = listener.login == UpstreamLogin::OAuth2;
    m_password->setText(oauth                      ? tr("any text: it is not used, MailShim signs in for you")
                        : m_wizard->passwordStored ? tr("any text: MailShim uses the password in the keychain")
                                                   : tr("your mail password, as before"));
    QString summary = tr("MailShim now listens on 127.0.0.1:%1 and connects to %2 using %3.")
                          .arg(listener.port)
                          .arg(listener.upstream->host,
                               SecurityText::label(listener.upstream->security, listener.upstream->effectivePort()));
    if (oauth)
        addSentence(summary, tr("You signed in at the provider: MailShim logs in for you with that sign-in, and the "
                                "password the mail program sends is ignored. If the provider ever asks for a new "
                                "sign-in, MailShim's tray icon tells you."));
    else if (m_wizard->report.loginOk && *m_wizard->report.loginOk)
        addSentence(summary, tr("A test login with your account worked."));
    else if (m_wizard->report.loginOk)
        addSentence(summary, tr("The test login with your account failed (%1): the mail program will be "
                                "refused the same way until the user name or password is corrected.")
                                 .arg(m_wizard->report.loginReply));
    if (!listener.upstream->tls.pinSha256.isEmpty())
        addSentence(summary, tr("The server's certificate is pinned: if it ever changes, MailShim stops "
                                "and tells you."));

    const ListenerConfig &sending = m_wizard->createdOutgoing;
    const bool outgoing = !sending.name.isEmpty() && sending.upstream;
    m_outgoing->setVisible(outgoing);
    if (outgoing) {
        m_smtpServer->setText(QStringLiteral("127.0.0.1"));
        m_smtpPort->setText(QString::number(sending.port));
        // Outlook: "My outgoing server (SMTP) requires authentication", "Use same settings as my incoming mail
        // server". A POP-before-SMTP server has no login to carry: the client must not try one.
        m_smtpAuth->setText(sending.popBeforeSmtp ? tr("No") : tr("Yes, same settings as for incoming mail"));
        summary += QStringLiteral("\n\n") + outgoingSummary();
    }
    m_summary->setText(summary);
}

QString WizardResultPage::outgoingSummary() const
{
    const ListenerConfig &sending = m_wizard->createdOutgoing;
    const ProbeReport &report = m_wizard->outgoingReport;
    QString text =
        tr("Mail sent to 127.0.0.1:%1 goes to %2 using %3.")
            .arg(sending.port)
            .arg(sending.upstream->host,
                 SecurityText::label(sending.upstream->security, sending.upstream->effectivePort(), Protocol::Smtp));
    if (report.loginOk && *report.loginOk)
        addSentence(text, tr("A test login to the outgoing server worked."));
    else if (report.loginOk)
        addSentence(text, tr("The test login to the outgoing server failed (%1): sending will be refused "
                             "the same way until the user name or password is corrected.")
                              .arg(report.loginReply));
    if (sending.popBeforeSmtp)
        addSentence(text, tr("The server wants mail to be received first (POP before SMTP): MailShim does "
                             "that with \"%1\" before sending.")
                              .arg(sending.popBeforeSmtp->listener));
    if (!sending.upstream->tls.pinSha256.isEmpty())
        addSentence(text, tr("The server's certificate is pinned: if it ever changes, MailShim stops "
                             "and tells you."));
    return text;
}

QString WizardResultPage::settingsText() const
{
    QString text = tr("Incoming mail server (POP3): %1\nPort: %2\nUser name: %3\nPassword: %4\nSSL/TLS: off")
                       .arg(m_server->text(), m_port->text(), m_user->text(), m_password->text());
    if (m_outgoing->isVisibleTo(this))
        text += QLatin1Char('\n') +
                tr("Outgoing mail server (SMTP): %1\nPort: %2\nOutgoing server requires authentication: %3\nSSL/TLS: "
                   "off")
                    .arg(m_smtpServer->text(), m_smtpPort->text(), m_smtpAuth->text());
    return text;
}

} // namespace mailshim
