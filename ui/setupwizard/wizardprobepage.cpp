#include "ui/setupwizard/wizardprobepage.h"

#include "credentials/credentialstore.h"
#include "service/control/enginebackend.h"
#include "setup/serverprobe.h"
#include "ui/common/fielderror.h"
#include "ui/common/probetext.h"
#include "ui/common/securitytext.h"
#include "ui/listeners/portcheck.h"
#include "ui/setupwizard/setupwizard.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace mailshim {

namespace {
constexpr int kPinnedRole = Qt::UserRole + 1;
}

WizardProbePage::WizardProbePage(SetupWizard *wizard, Protocol protocol)
    : QWizardPage(wizard), m_wizard(wizard), m_protocol(protocol), m_probe(new ServerProbe(this)),
      m_progress(new QProgressBar), m_step(new QLabel), m_result(new QLabel), m_mode(new QComboBox),
      m_modeText(new QLabel), m_certificate(new QLabel), m_trust(new QCheckBox), m_plainConfirm(new QCheckBox),
      m_loginFailure(FieldError::create(QStringLiteral("loginFailure"))), m_backToAccount(new QPushButton),
      m_createAnyway(new QCheckBox), m_skip(new QCheckBox), m_error(FieldError::create(QStringLiteral("createError")))
{
    const bool smtp = protocol == Protocol::Smtp;
    setObjectName(smtp ? QStringLiteral("outgoingPage") : QStringLiteral("probePage"));
    setTitle(smtp ? tr("Checking the outgoing server") : tr("Checking the server"));
    if (smtp)
        setSubTitle(tr("The same for sending mail: MailShim looks at ports 465 and 587 of the outgoing (SMTP) "
                       "server. Nothing is sent."));
    m_progress->setObjectName(QStringLiteral("probeProgress"));
    m_progress->setRange(0, 100);
    m_step->setObjectName(QStringLiteral("probeStep"));
    m_result->setObjectName(QStringLiteral("probeResult"));
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::RichText);
    m_mode->setObjectName(QStringLiteral("modeCombo"));
    m_modeText->setObjectName(QStringLiteral("modeExplanation"));
    m_modeText->setWordWrap(true);
    m_certificate->setObjectName(QStringLiteral("certificateInfo"));
    m_certificate->setWordWrap(true);
    m_certificate->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_certificate->setFrameShape(QFrame::StyledPanel);
    m_trust->setObjectName(QStringLiteral("trustCertificateCheck"));
    m_trust->setText(tr("Trust exactly this server certificate (MailShim will refuse any other)"));
    m_plainConfirm->setObjectName(QStringLiteral("plainConfirmCheck"));
    m_plainConfirm->setText(tr("I understand that my password and mail will cross the network unprotected"));
    m_backToAccount->setObjectName(QStringLiteral("backToAccountButton"));
    m_backToAccount->setText(tr("Back to the account page"));
    m_createAnyway->setObjectName(QStringLiteral("createAnywayCheck"));
    m_createAnyway->setText(tr("Create the listener anyway (the mail program will be refused the same way until "
                               "the account is corrected)"));
    m_skip->setObjectName(QStringLiteral("skipSendingCheck"));
    m_skip->setText(tr("Do not set up sending mail now"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_step);
    layout->addWidget(m_progress);
    layout->addWidget(m_result, 1);
    layout->addWidget(m_mode);
    layout->addWidget(m_modeText);
    layout->addWidget(m_certificate);
    layout->addWidget(m_trust);
    layout->addWidget(m_plainConfirm);
    layout->addWidget(m_loginFailure);
    layout->addWidget(m_backToAccount, 0, Qt::AlignLeft);
    layout->addWidget(m_createAnyway);
    layout->addWidget(m_skip);
    layout->addWidget(m_error);

    connect(m_probe, &ServerProbe::progress, this, [this](const QString &step, int percent) {
        m_step->setText(step);
        m_progress->setValue(percent);
    });
    connect(m_probe, &ServerProbe::finished, this, &WizardProbePage::onFinished);
    connect(m_mode, &QComboBox::currentIndexChanged, this, &WizardProbePage::onModeChanged);
    connect(m_trust, &QCheckBox::toggled, this, &QWizardPage::completeChanged);
    connect(m_plainConfirm, &QCheckBox::toggled, this, &QWizardPage::completeChanged);
    connect(m_createAnyway, &QCheckBox::toggled, this, &QWizardPage::completeChanged);
    connect(m_skip, &QCheckBox::toggled, this, &QWizardPage::completeChanged);
    connect(m_backToAccount, &QPushButton::clicked, this, [this] { m_wizard->back(); });
}

void WizardProbePage::initializePage()
{
    m_finished = false;
    m_mode->clear();
    m_mode->setEnabled(false);
    m_result->clear();
    FieldError::set(m_error, QString());
    m_storedKey.reset();
    m_storing = false;
    ++m_generation;
    m_modeText->clear();
    m_trust->hide();
    m_trust->setChecked(false);
    m_certificate->hide();
    m_plainConfirm->hide();
    m_plainConfirm->setChecked(false);
    FieldError::set(m_loginFailure, QString());
    m_backToAccount->hide();
    m_createAnyway->hide();
    m_createAnyway->setChecked(false);
    m_skip->hide();
    m_skip->setChecked(false);
    m_skipOffered = false;
    m_progress->setValue(0);

    ProbeRequest request;
    request.protocol = m_protocol;
    request.host = field(m_protocol == Protocol::Smtp ? QStringLiteral("smtpServer") : QStringLiteral("server"))
                       .toString()
                       .trimmed();
    request.plainPort = quint16(field(portField(false)).toInt());
    request.tlsPort = quint16(field(portField(true)).toInt());
    request.caFile = field(QStringLiteral("caFile")).toString().trimmed();
    request.user = field(QStringLiteral("user")).toString().trimmed().toUtf8();
    request.password = field(QStringLiteral("password")).toString().toUtf8();
    for (const ListenerConfig &listener : m_wizard->backend()->config().listeners)
        request.loopPorts.insert(listener.port);
    m_step->setText(tr("Connecting to %1...").arg(request.host));
    m_probe->start(request);
    Q_EMIT completeChanged();
}

QString WizardProbePage::portField(bool tls) const
{
    if (m_protocol == Protocol::Smtp)
        return tls ? QStringLiteral("smtpTlsPort") : QStringLiteral("submissionPort");
    return tls ? QStringLiteral("tlsPort") : QStringLiteral("plainPort");
}

ProbeReport &WizardProbePage::report() const
{
    return m_protocol == Protocol::Smtp ? m_wizard->outgoingReport : m_wizard->report;
}

ListenerConfig &WizardProbePage::created() const
{
    return m_protocol == Protocol::Smtp ? m_wizard->createdOutgoing : m_wizard->created;
}

void WizardProbePage::cleanupPage()
{
    m_probe->cancel();
    m_storedKey.reset();
    m_storing = false; // a keychain answer still on its way is ignored (see m_generation)
    ++m_generation;
    m_finished = false;
}

void WizardProbePage::onFinished(const ProbeReport &report)
{
    this->report() = report;
    m_finished = true;
    m_progress->setValue(100);
    m_step->setText(tr("Done."));
    m_result->setText(ProbeText::html(report));
    if (loginFailed()) {
        FieldError::set(m_loginFailure,
                        tr("The test login with your account failed: %1\nCheck the user name and password on the "
                           "account page.")
                            .arg(report.loginReply));
        m_backToAccount->show();
        m_createAnyway->show();
    }

    // Best first: what works as it is, then what works once the certificate is pinned, then plain. A sign-in's
    // token goes only into TLS, and APOP is a password mechanism: with a sign-in, only TLS and STARTTLS are offered.
    const bool oauth = m_wizard->usesOAuth();
    const auto offered = [oauth](Security mode) { return !oauth || (usesTls(mode) && !usesApop(mode)); };
    for (Security mode : report.workingModes) {
        if (offered(mode))
            m_mode->addItem(SecurityText::label(mode, report.portFor(mode), m_protocol), int(mode));
    }
    for (Security mode : report.pinnableModes) {
        if (!offered(mode))
            continue;
        m_mode->addItem(tr("%1, trusting this server's certificate")
                            .arg(SecurityText::label(mode, report.portFor(mode), m_protocol)),
                        int(mode));
        m_mode->setItemData(m_mode->count() - 1, true, kPinnedRole);
    }
    // Sending mail unprotected is never set up here: port 25 is closed for most connections, and a submission port
    // without STARTTLS is not worth a password (the listener editor can still do it, with its warning).
    if (report.plain.reachable && m_protocol == Protocol::Pop3 && !oauth)
        m_mode->addItem(SecurityText::label(Security::Plain, report.portFor(Security::Plain)), int(Security::Plain));
    m_skipOffered = m_protocol == Protocol::Smtp && m_mode->count() == 0;
    m_skip->setVisible(m_skipOffered);
    int preferred = 0;
    for (int i = 0; i < m_mode->count(); ++i) {
        if (report.recommended && m_mode->itemData(i).toInt() == int(*report.recommended) &&
            m_mode->itemData(i, kPinnedRole).toBool() == report.recommendationNeedsPin) {
            preferred = i;
            break;
        }
    }
    m_mode->setEnabled(m_mode->count() > 0);
    m_mode->setCurrentIndex(preferred);
    onModeChanged();
}

Security WizardProbePage::chosenMode() const
{
    return Security(m_mode->currentData().toInt());
}

bool WizardProbePage::chosenNeedsPin() const
{
    return m_mode->currentData(kPinnedRole).toBool();
}

void WizardProbePage::onModeChanged()
{
    if (m_mode->currentIndex() < 0) {
        m_modeText->setText(m_finished ? tr("The server could not be reached with any mode.") : QString());
        Q_EMIT completeChanged();
        return;
    }
    const Security mode = chosenMode();
    QString text = SecurityText::explanation(mode, m_protocol);
    const QString warning = SecurityText::warning(mode, m_protocol);
    if (!warning.isEmpty())
        text += QStringLiteral("\n") + warning;
    if (m_protocol == Protocol::Smtp && !report().offersAuth(mode))
        text += QStringLiteral("\n") +
                (m_wizard->created.name.isEmpty()
                     ? tr("The server offers no login here: it may accept mail only after mail was received.")
                     : tr("The server offers no login here, so MailShim will receive mail with \"%1\" before "
                          "sending (POP before SMTP).")
                           .arg(m_wizard->created.name));
    m_modeText->setText(text);
    // Consent is to one certificate, shown in full; another mode may rest on another certificate.
    const std::optional<CertificateInfo> certificate = report().certificateFor(mode);
    m_trust->setChecked(false);
    m_trust->setVisible(chosenNeedsPin());
    m_certificate->setText(chosenNeedsPin() && certificate ? certificate->describe() : QString());
    m_certificate->setVisible(chosenNeedsPin() && certificate);
    m_plainConfirm->setVisible(mode == Security::Plain);
    Q_EMIT completeChanged();
}

bool WizardProbePage::loginFailed() const
{
    return m_finished && report().loginOk && !*report().loginOk;
}

bool WizardProbePage::isComplete() const
{
    // Not isVisible(): QWizard hides the pages while it asks this, to avoid flicker.
    if (m_finished && !m_storing && m_skipOffered && m_skip->isChecked())
        return true;
    if (!m_finished || m_storing || m_mode->currentIndex() < 0)
        return false;
    if (loginFailed() && !m_createAnyway->isChecked())
        return false;
    if (chosenNeedsPin() && !m_trust->isChecked())
        return false;
    if (chosenMode() == Security::Plain && !m_plainConfirm->isChecked())
        return false;
    return true;
}

ListenerConfig WizardProbePage::buildListener() const
{
    // What this page created before (the user came back to it) is replaced, not added to.
    Config config = m_wizard->backend()->config();
    config.listeners.removeIf([this](const ListenerConfig &l) { return l.name == created().name; });
    const ProbeReport &report = this->report();
    const Security mode = chosenMode();
    const bool smtp = m_protocol == Protocol::Smtp;
    const auto taken = [&config](const QString &name) {
        return std::any_of(config.listeners.begin(), config.listeners.end(),
                           [&](const ListenerConfig &l) { return l.name == name; });
    };

    ListenerConfig listener;
    listener.protocol = m_protocol;
    listener.name = report.host;
    if (smtp && taken(listener.name)) // one provider's host for both directions
        listener.name = QStringLiteral("%1 (SMTP)").arg(report.host);
    for (int n = 2; taken(listener.name); ++n)
        listener.name =
            QStringLiteral("%1 (%2)").arg(smtp ? report.host + QStringLiteral(" SMTP") : report.host).arg(n);
    // The first port from 3999 (SMTP: 3587) up that no listener uses and that the system lets us open.
    listener.port = smtp ? 3587 : 3999;
    while (std::any_of(config.listeners.begin(), config.listeners.end(),
                       [&](const ListenerConfig &l) { return l.port == listener.port; }) ||
           !PortCheck::canListen(QHostAddress(QHostAddress::LocalHost), listener.port))
        ++listener.port;

    UpstreamConfig upstream;
    upstream.protocol = m_protocol;
    upstream.host = report.host;
    upstream.security = mode;
    const quint16 port = mode == Security::Plain ? report.plainPort : report.portFor(mode);
    upstream.port = port == defaultPort(mode, m_protocol) ? 0 : port;
    upstream.tls.caFile = usesTls(mode) ? field(QStringLiteral("caFile")).toString().trimmed() : QString();
    if (chosenNeedsPin()) {
        if (const std::optional<CertificateInfo> certificate = report.certificateFor(mode))
            upstream.tls.pinSha256 = certificate->spkiSha256Hex;
    }
    listener.upstream = upstream;
    listener.user = field(QStringLiteral("user")).toString().trimmed();
    listener.storedPassword = field(QStringLiteral("storePassword")).toBool();
    if (m_wizard->usesOAuth()) { // the browser sign-in replaces the password
        listener.login = UpstreamLogin::OAuth2;
        listener.oauth = m_wizard->oauth;
        listener.storedPassword = false;
        return listener;
    }
    // A server without AUTH lets this computer send after a POP3 login: the incoming listener makes it.
    if (smtp && !report.offersAuth(mode) && !m_wizard->created.name.isEmpty())
        listener.popBeforeSmtp = PopBeforeSmtpConfig{m_wizard->created.name, 900, 5};
    return listener;
}

// The keychain may take a while (an unlock prompt): Next stays disabled, Cancel is held off by the wizard,
// and the page goes on by itself once the password is stored. No nested event loop: the answer arrives
// through the page as context, so it is dropped if the wizard is gone.
void WizardProbePage::storePasswordThenGoOn(const ListenerConfig &listener)
{
    CredentialStore *store = m_wizard->credentials();
    if (!store) {
        FieldError::set(m_error, tr("No keychain is available. Untick \"keep the password\" on the previous page "
                                    "to let the mail client send it instead."));
        return;
    }
    const CredentialKey key{listener.upstream->host, listener.upstream->effectivePort(), listener.user};
    m_storing = true;
    FieldError::set(m_error, QString());
    m_step->setText(tr("Storing the password in the keychain..."));
    Q_EMIT completeChanged();
    store->store(key, field(QStringLiteral("password")).toString().toUtf8(), this,
                 [this, key, generation = m_generation](bool ok, const QString &why) {
                     if (generation != m_generation)
                         return; // the user went back meanwhile: this page was left and set up anew
                     m_storing = false;
                     if (!ok) {
                         FieldError::set(m_error,
                                         tr("The password could not be stored in the keychain (%1). Untick \"keep "
                                            "the password\" on the previous page to let the mail client send it "
                                            "instead.")
                                             .arg(why));
                         Q_EMIT completeChanged();
                         return;
                     }
                     m_storedKey = key;
                     m_step->setText(tr("The password is in the keychain."));
                     Q_EMIT completeChanged();
                     wizard()->next(); // validatePage() again, now with the password stored
                 });
}

bool WizardProbePage::validatePage()
{
    if (m_storing)
        return false;
    if (m_skipOffered && m_skip->isChecked()) {
        created() = ListenerConfig{};
        return true;
    }
    const ListenerConfig listener = buildListener();
    if (listener.storedPassword) {
        const CredentialKey key{listener.upstream->host, listener.upstream->effectivePort(), listener.user};
        if (!m_storedKey || !(*m_storedKey == key)) {
            storePasswordThenGoOn(listener);
            return false;
        }
    }
    (m_protocol == Protocol::Smtp ? m_wizard->outgoingPasswordStored : m_wizard->passwordStored) =
        listener.storedPassword;
    Config config = m_wizard->backend()->config();
    config.listeners.removeIf([this](const ListenerConfig &l) { return l.name == created().name; });
    config.listeners.append(listener);
    const QList<ConfigIssue> issues = m_wizard->backend()->setConfig(config);
    if (!issues.isEmpty()) {
        QStringList lines;
        for (const ConfigIssue &issue : issues)
            lines << issue.translated();
        FieldError::set(m_error, tr("The listener could not be created: %1").arg(lines.join(QStringLiteral("; "))));
        return false;
    }
    created() = listener;
    return true;
}

} // namespace mailshim
