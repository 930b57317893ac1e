#include "ui/chainwizard/chainwizardserverpage.h"

#include "net/hostname.h"
#include "service/control/enginebackend.h"
#include "setup/chainparser.h"
#include "ui/chainwizard/chainwizard.h"
#include "ui/chainwizard/chainwizardtext.h"
#include "ui/common/fielderror.h"
#include "ui/common/filefield.h"
#include "ui/common/securitytext.h"

#include <QComboBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace mailshim {

ChainWizardServerPage::ChainWizardServerPage(ChainWizard *wizard)
    : QWizardPage(wizard), m_wizard(wizard), m_listener(new QComboBox), m_server(new QLineEdit), m_port(new QSpinBox),
      m_security(new QComboBox), m_user(new QLineEdit), m_caFile(new QLineEdit),
      m_error(FieldError::create(QStringLiteral("chainServerError"))), m_parseEdit(new QLineEdit),
      m_parseResult(new QLabel)
{
    setObjectName(QStringLiteral("chainServerPage"));
    setTitle(tr("Your mail server"));
    setSubTitle(tr("Several local POP3 proxies (antivirus, spam filter, MailShim) can stand between your mail "
                   "program and the server. This wizard orders them, gives each its port, and works out the user "
                   "name that tells each one where the next is."));
    m_listener->setObjectName(QStringLiteral("chainListenerCombo"));
    m_server->setObjectName(QStringLiteral("chainServerEdit"));
    m_server->setPlaceholderText(tr("pop.example.net"));
    m_port->setObjectName(QStringLiteral("chainServerPortSpin"));
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("default for the mode"));
    m_security->setObjectName(QStringLiteral("chainSecurityCombo"));
    for (Security mode : SecurityText::offered())
        m_security->addItem(SecurityText::label(mode), int(mode));
    m_user->setObjectName(QStringLiteral("chainUserEdit"));
    m_caFile->setObjectName(QStringLiteral("chainCaFileEdit"));
    m_caFile->setPlaceholderText(tr("only for a private certificate authority"));
    m_parseEdit->setObjectName(QStringLiteral("chainParseEdit"));
    m_parseEdit->setPlaceholderText(QStringLiteral("127.0.0.1%110%pop.isp.net:110:user"));
    m_parseResult->setObjectName(QStringLiteral("chainParseResult"));
    m_parseResult->setWordWrap(true);
    m_parseResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *parse = new QPushButton(tr("&Read it"));
    parse->setObjectName(QStringLiteral("chainParseButton"));

    auto *form = new QFormLayout;
    form->addRow(tr("MailShim &listener:"), m_listener);
    form->addRow(tr("POP3 &server:"), m_server);
    form->addRow(tr("Server &port:"), m_port);
    form->addRow(tr("&Protection:"), m_security);
    form->addRow(tr("&User name at the server:"), m_user);
    form->addRow(tr("CA file:"), FileField::caFileRow(m_caFile, QStringLiteral("chainCaFileBrowse")));
    form->addRow(QString(), m_error);
    auto *existing = new QGroupBox(tr("Already have a chained user name? (optional)"));
    auto *existingLayout = new QVBoxLayout(existing);
    auto *row = new QHBoxLayout;
    row->addWidget(m_parseEdit, 1);
    row->addWidget(parse);
    existingLayout->addLayout(row);
    existingLayout->addWidget(m_parseResult);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(existing);
    layout->addStretch();

    connect(m_listener, &QComboBox::currentIndexChanged, this, &ChainWizardServerPage::onListenerChosen);
    connect(parse, &QPushButton::clicked, this, &ChainWizardServerPage::onParse);
    connect(m_parseEdit, &QLineEdit::returnPressed, this, &ChainWizardServerPage::onParse);
}

void ChainWizardServerPage::initializePage()
{
    const QSignalBlocker block(m_listener);
    m_listener->clear();
    m_listener->addItem(tr("A new listener"), QString());
    int preselect = 0;
    for (const ListenerConfig &listener : m_wizard->backend()->config().listeners) {
        if (listener.protocol != Protocol::Pop3)
            continue; // a proxy chain carries POP3; a sending listener is not its end
        m_listener->addItem(tr("%1 (port %2)").arg(listener.name).arg(listener.port), listener.name);
        if (!preselect && listener.upstream && !listener.routing.enabled)
            preselect = m_listener->count() - 1; // the setup wizard's listener: the chain extends it
    }
    m_listener->setCurrentIndex(preselect);
    onListenerChosen();
}

void ChainWizardServerPage::onListenerChosen()
{
    const QString name = m_listener->currentData().toString();
    for (const ListenerConfig &listener : m_wizard->backend()->config().listeners) {
        if (listener.name != name || !listener.upstream)
            continue;
        m_server->setText(listener.upstream->host);
        m_port->setValue(listener.upstream->port);
        m_security->setCurrentIndex(m_security->findData(int(listener.upstream->security)));
        m_caFile->setText(listener.upstream->tls.caFile);
        if (!listener.user.isEmpty())
            m_user->setText(listener.user);
    }
}

void ChainWizardServerPage::onParse()
{
    const ParsedChain parsed = ChainParser::parse(m_parseEdit->text().trimmed().toUtf8());
    if (!parsed.ok()) {
        m_parsedHops.clear();
        m_parseResult->setText(tr("This is not a chained user name: %1").arg(parsed.error));
        return;
    }
    const Chain chain = ChainParser::toChain(parsed);
    QStringList steps{tr("Mail program")};
    for (int i = 0; i < parsed.targets.size(); ++i) {
        const ChainTarget &t = parsed.targets.at(i);
        const QString port = t.port ? QString::number(t.port) : tr("110 (not written)");
        steps << tr("a proxy reading \"host%1\" (%2)")
                     .arg(QString(QLatin1Char(t.separator)), ChainWizardText::kindLabel(chain.hops.at(i).kind));
        if (i + 1 < parsed.targets.size())
            steps << QStringLiteral("%1:%2").arg(t.host, port);
        else
            steps << tr("server %1:%2").arg(t.host, port);
    }
    m_parseResult->setText(tr("This name describes: %1, user name \"%2\". Its hops are the starting point of the "
                              "next page.")
                               .arg(steps.join(QStringLiteral(" → ")), QString::fromUtf8(parsed.user)));
    m_parsedHops = chain.hops;
    for (int i = 0; i < m_parsedHops.size(); ++i)
        m_parsedHops[i].name = ChainWizardText::defaultName(m_parsedHops.at(i).kind);
    m_server->setText(chain.server.host);
    m_user->setText(chain.server.user);
}

bool ChainWizardServerPage::validatePage()
{
    const QString server = m_server->text().trimmed();
    QString error;
    if (!HostName::normalize(server.toUtf8()))
        error = tr("\"%1\" is not a valid server name.").arg(server);
    else if (m_user->text().trimmed().isEmpty())
        error = tr("Enter the user name you have at the server.");
    else if (!m_caFile->text().trimmed().isEmpty() && !QFileInfo(m_caFile->text().trimmed()).isReadable())
        error = tr("The CA file %1 cannot be read.").arg(m_caFile->text().trimmed());
    FieldError::set(m_error, error);
    if (!error.isEmpty())
        return false;
    ChainServer &s = m_wizard->chain.server;
    s.host = server;
    s.port = quint16(m_port->value());
    s.security = Security(m_security->currentData().toInt());
    s.user = m_user->text().trimmed();
    s.caFile = m_caFile->text().trimmed();
    m_wizard->updatedListener = m_listener->currentData().toString();
    if (!m_parsedHops.isEmpty()) {
        m_wizard->chain.hops = m_parsedHops;
        m_parsedHops.clear();
    }
    return true;
}

} // namespace mailshim
