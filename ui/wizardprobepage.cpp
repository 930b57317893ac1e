#include "wizardprobepage.h"

#include "credentialstore.h"
#include "enginebackend.h"
#include "portcheck.h"
#include "probetext.h"
#include "securitytext.h"
#include "serverprobe.h"
#include "setupwizard.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEventLoop>
#include <QLabel>
#include <QProgressBar>
#include <QTimer>
#include <QVBoxLayout>

namespace mailshim {

namespace {
constexpr int kPinnedRole = Qt::UserRole + 1;
}

WizardProbePage::WizardProbePage(SetupWizard *wizard)
    : QWizardPage(wizard), m_wizard(wizard), m_probe(new ServerProbe(this)), m_progress(new QProgressBar),
      m_step(new QLabel), m_result(new QLabel), m_mode(new QComboBox), m_modeText(new QLabel), m_trust(new QCheckBox),
      m_plainConfirm(new QCheckBox), m_error(new QLabel)
{
    setObjectName(QStringLiteral("probePage"));
    setTitle(tr("Checking the server"));
    m_progress->setObjectName(QStringLiteral("probeProgress"));
    m_progress->setRange(0, 100);
    m_step->setObjectName(QStringLiteral("probeStep"));
    m_result->setObjectName(QStringLiteral("probeResult"));
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::RichText);
    m_mode->setObjectName(QStringLiteral("modeCombo"));
    m_modeText->setObjectName(QStringLiteral("modeExplanation"));
    m_modeText->setWordWrap(true);
    m_trust->setObjectName(QStringLiteral("trustCertificateCheck"));
    m_trust->setText(tr("Trust exactly this server certificate (MailShim will refuse any other)"));
    m_plainConfirm->setObjectName(QStringLiteral("plainConfirmCheck"));
    m_plainConfirm->setText(tr("I understand that my password and mail will cross the network unprotected"));
    m_error->setObjectName(QStringLiteral("createError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_step);
    layout->addWidget(m_progress);
    layout->addWidget(m_result, 1);
    layout->addWidget(m_mode);
    layout->addWidget(m_modeText);
    layout->addWidget(m_trust);
    layout->addWidget(m_plainConfirm);
    layout->addWidget(m_error);

    connect(m_probe, &ServerProbe::progress, this, [this](const QString &step, int percent) {
        m_step->setText(step);
        m_progress->setValue(percent);
    });
    connect(m_probe, &ServerProbe::finished, this, &WizardProbePage::onFinished);
    connect(m_mode, &QComboBox::currentIndexChanged, this, &WizardProbePage::onModeChanged);
    connect(m_trust, &QCheckBox::toggled, this, &QWizardPage::completeChanged);
    connect(m_plainConfirm, &QCheckBox::toggled, this, &QWizardPage::completeChanged);
}

void WizardProbePage::initializePage()
{
    m_finished = false;
    m_mode->clear();
    m_mode->setEnabled(false);
    m_result->clear();
    m_error->clear();
    m_modeText->clear();
    m_trust->hide();
    m_trust->setChecked(false);
    m_plainConfirm->hide();
    m_plainConfirm->setChecked(false);
    m_progress->setValue(0);

    ProbeRequest request;
    request.host = field(QStringLiteral("server")).toString().trimmed();
    request.plainPort = quint16(field(QStringLiteral("plainPort")).toInt());
    request.tlsPort = quint16(field(QStringLiteral("tlsPort")).toInt());
    request.caFile = field(QStringLiteral("caFile")).toString().trimmed();
    request.user = field(QStringLiteral("user")).toString().trimmed().toUtf8();
    request.password = field(QStringLiteral("password")).toString().toUtf8();
    for (const ListenerConfig &listener : m_wizard->backend()->config().listeners)
        request.loopPorts.insert(listener.port);
    m_step->setText(tr("Connecting to %1...").arg(request.host));
    m_probe->start(request);
    Q_EMIT completeChanged();
}

void WizardProbePage::cleanupPage()
{
    m_probe->cancel();
    m_finished = false;
}

void WizardProbePage::onFinished(const ProbeReport &report)
{
    m_wizard->report = report;
    m_finished = true;
    m_progress->setValue(100);
    m_step->setText(tr("Done."));
    m_result->setText(ProbeText::html(report));

    // Best first: what works as it is, then what works once the certificate is pinned, then plain.
    for (Security mode : report.workingModes)
        m_mode->addItem(SecurityText::label(mode), int(mode));
    for (Security mode : report.pinnableModes) {
        m_mode->addItem(tr("%1, trusting this server's certificate").arg(SecurityText::label(mode)), int(mode));
        m_mode->setItemData(m_mode->count() - 1, true, kPinnedRole);
    }
    if (report.plain.reachable)
        m_mode->addItem(SecurityText::label(Security::Plain), int(Security::Plain));
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
    QString text = SecurityText::explanation(mode);
    const QString warning = SecurityText::warning(mode);
    if (!warning.isEmpty())
        text += QStringLiteral("\n") + warning;
    m_modeText->setText(text);
    const std::optional<CertificateInfo> certificate = m_wizard->report.certificateFor(mode);
    m_trust->setVisible(chosenNeedsPin());
    if (chosenNeedsPin() && certificate)
        m_trust->setToolTip(certificate->describe());
    m_plainConfirm->setVisible(mode == Security::Plain);
    Q_EMIT completeChanged();
}

bool WizardProbePage::isComplete() const
{
    if (!m_finished || m_mode->currentIndex() < 0)
        return false;
    if (chosenNeedsPin() && !m_trust->isChecked())
        return false;
    if (chosenMode() == Security::Plain && !m_plainConfirm->isChecked())
        return false;
    return true;
}

ListenerConfig WizardProbePage::buildListener() const
{
    const Config config = m_wizard->backend()->config();
    const ProbeReport &report = m_wizard->report;
    const Security mode = chosenMode();

    ListenerConfig listener;
    listener.name = report.host;
    for (int n = 2; std::any_of(config.listeners.begin(), config.listeners.end(),
                                [&](const ListenerConfig &l) { return l.name == listener.name; });
         ++n)
        listener.name = QStringLiteral("%1 (%2)").arg(report.host).arg(n);
    // The first port from 3999 up that no listener uses and that the system lets us open.
    listener.port = 3999;
    while (std::any_of(config.listeners.begin(), config.listeners.end(),
                       [&](const ListenerConfig &l) { return l.port == listener.port; }) ||
           !PortCheck::canListen(QHostAddress(QHostAddress::LocalHost), listener.port))
        ++listener.port;

    UpstreamConfig upstream;
    upstream.host = report.host;
    upstream.security = mode;
    const quint16 port = mode == Security::Plain ? report.plainPort : report.portFor(mode);
    upstream.port = port == defaultPort(mode) ? 0 : port;
    upstream.tls.caFile = usesTls(mode) ? field(QStringLiteral("caFile")).toString().trimmed() : QString();
    if (chosenNeedsPin()) {
        if (const std::optional<CertificateInfo> certificate = report.certificateFor(mode))
            upstream.tls.pinSha256 = certificate->spkiSha256Hex;
    }
    listener.upstream = upstream;
    listener.user = field(QStringLiteral("user")).toString().trimmed();
    listener.storedPassword = field(QStringLiteral("storePassword")).toBool();
    return listener;
}

// Waits for the keychain here (it answers within moments) so a refusal stops the wizard on this page.
bool WizardProbePage::storePassword(const ListenerConfig &listener, QString *error)
{
    CredentialStore *store = m_wizard->credentials();
    if (!store) {
        *error = tr("No keychain is available.");
        return false;
    }
    QEventLoop loop;
    bool done = false;
    bool ok = false;
    const CredentialKey key{listener.upstream->host, listener.upstream->effectivePort(), listener.user};
    store->store(key, field(QStringLiteral("password")).toString().toUtf8(), this,
                 [&](bool stored, const QString &why) {
                     done = true;
                     ok = stored;
                     *error = why;
                     loop.quit();
                 });
    if (!done) {
        QTimer::singleShot(30000, &loop, &QEventLoop::quit);
        loop.exec();
    }
    if (!done)
        *error = tr("the keychain did not answer");
    return ok;
}

bool WizardProbePage::validatePage()
{
    ListenerConfig listener = buildListener();
    m_wizard->passwordStored = false;
    if (listener.storedPassword) {
        QString error;
        if (!storePassword(listener, &error)) {
            m_error->setText(tr("The password could not be stored in the keychain (%1). Untick \"keep the "
                                "password\" on the previous page to let the mail client send it instead.")
                                 .arg(error));
            return false;
        }
        m_wizard->passwordStored = true;
    }
    Config config = m_wizard->backend()->config();
    config.listeners.append(listener);
    const QList<ConfigIssue> issues = m_wizard->backend()->setConfig(config);
    if (!issues.isEmpty()) {
        QStringList lines;
        for (const ConfigIssue &issue : issues)
            lines << issue.toString();
        m_error->setText(tr("The listener could not be created: %1").arg(lines.join(QStringLiteral("; "))));
        return false;
    }
    m_wizard->created = listener;
    return true;
}

} // namespace mailshim
