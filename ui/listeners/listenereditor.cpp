#include "ui/listeners/listenereditor.h"

#include "credentials/credentialstore.h"
#include "net/hostname.h"
#include "setup/serverprobe.h"
#include "ui/common/fielderror.h"
#include "ui/common/filefield.h"
#include "ui/common/securitytext.h"
#include "ui/common/signinlauncher.h"
#include "ui/listeners/oauthoptions.h"
#include "ui/listeners/portcheck.h"
#include "ui/listeners/smtpoptions.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QSslCertificate>
#include <QVBoxLayout>

namespace mailshim {

namespace {
QWidget *withNote(QWidget *field, QLabel *note)
{
    auto *box = new QWidget;
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(field);
    layout->addWidget(note);
    return box;
}
} // namespace

ListenerEditor::ListenerEditor(const ListenerConfig &initial, const QList<ListenerConfig> &others,
                               CredentialStore *credentials, QWidget *parent)
    : QDialog(parent), m_initial(initial), m_others(others), m_credentials(credentials),
      m_lastSecurity(initial.upstream ? initial.upstream->security : Security::Tls), m_lastProtocol(initial.protocol)
{
    setObjectName(QStringLiteral("listenerEditor"));
    setWindowTitle(initial.name.isEmpty() ? tr("Add a listener") : tr("Edit listener %1").arg(initial.name));

    m_issue = FieldError::create(QStringLiteral("issueLabel"));
    m_protocol = new QComboBox;
    m_protocol->setObjectName(QStringLiteral("protocolCombo"));
    for (Protocol kind : {Protocol::Pop3, Protocol::Smtp})
        m_protocol->addItem(SecurityText::protocolLabel(kind), int(kind));
    m_protocol->setCurrentIndex(m_protocol->findData(int(initial.protocol)));
    m_name = new QLineEdit(initial.name);
    m_name->setObjectName(QStringLiteral("nameEdit"));
    m_name->setMaxLength(64);
    m_nameError = FieldError::create(QStringLiteral("nameError"));
    m_port = new QSpinBox;
    m_port->setObjectName(QStringLiteral("localPortSpin"));
    m_port->setRange(1, 65535);
    m_port->setValue(initial.port);
    m_portNote = FieldError::create(QStringLiteral("localPortNote"));

    auto *local = new QGroupBox(tr("On this computer"));
    auto *localForm = new QFormLayout(local);
    localForm->addRow(tr("&Used for:"), m_protocol);
    localForm->addRow(tr("&Name:"), withNote(m_name, m_nameError));
    localForm->addRow(tr("Local &port:"), withNote(m_port, m_portNote));

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("okButton"));
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));

    // The groups scroll, the buttons do not: with every SMTP option shown the form is taller than a 768-pixel screen
    // (old laptops), and OK must stay reachable.
    m_content = new QWidget;
    auto *contentLayout = new QVBoxLayout(m_content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->addWidget(m_issue);
    contentLayout->addWidget(local);
    contentLayout->addWidget(buildServerGroup());
    contentLayout->addWidget(buildAccountGroup());
    m_oauth = new OAuthOptions(initial);
    m_oauth->setLauncher(new SignInLauncher(credentials, this));
    contentLayout->addWidget(m_oauth);
    m_smtp = new SmtpOptions(initial, others);
    contentLayout->addWidget(m_smtp);
    contentLayout->addWidget(buildTlsGroup());
    contentLayout->addStretch();
    m_scroll = new QScrollArea;
    m_scroll->setObjectName(QStringLiteral("editorScroll"));
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setWidget(m_content);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_scroll);
    layout->addWidget(m_buttons);

    connect(m_port, &QSpinBox::valueChanged, this, &ListenerEditor::checkLocalPort);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_user, &QLineEdit::textChanged, m_smtp, [this](const QString &user) { m_smtp->setUser(user.trimmed()); });
    connect(m_user, &QLineEdit::textChanged, m_oauth,
            [this](const QString &user) { m_oauth->setUser(user.trimmed()); });
    connect(m_oauth, &OAuthOptions::loginChanged, this, &ListenerEditor::onLoginChanged);
    connect(m_protocol, &QComboBox::currentIndexChanged, this, &ListenerEditor::onProtocolChanged);
    onLoginChanged();
    onProtocolChanged();
    checkLocalPort();
}

void ListenerEditor::setSignInLauncher(SignInLauncher *launcher)
{
    m_oauth->setLauncher(launcher);
}

void ListenerEditor::setNeedsSignInAgain(bool again)
{
    m_oauth->setNeedsSignInAgain(again);
}

// With a sign-in there is no password to keep, and the user name is the mailbox that signs in: one account on one
// server, so the user name cannot choose the server either.
void ListenerEditor::onLoginChanged()
{
    const bool oauth = m_oauth->isOAuth();
    m_accountForm->setRowVisible(m_password->parentWidget(), !oauth);
    m_accountForm->setRowVisible(m_storedPassword, !oauth);
    if (oauth) {
        m_storedPassword->setChecked(false);
        m_routing->setChecked(false);
    }
    m_accountGroup->setTitle(oauth ? tr("Account") : tr("Account (optional)"));
    m_user->setPlaceholderText(oauth ? tr("the mailbox address, for example you@example.net") : QString());
    const bool smtp = protocol() == Protocol::Smtp;
    m_serverForm->setRowVisible(m_routing, !smtp && !oauth);
    m_serverForm->setRowVisible(m_separator->parentWidget(), !smtp && !oauth);
    if (m_content)
        fitToScreen();
}

Protocol ListenerEditor::protocol() const
{
    return Protocol(m_protocol->currentData().toInt());
}

QWidget *ListenerEditor::buildServerGroup()
{
    const UpstreamConfig upstream = m_initial.upstream.value_or(UpstreamConfig{});
    m_host = new QLineEdit(upstream.host);
    m_host->setObjectName(QStringLiteral("hostEdit"));
    m_host->setPlaceholderText(tr("pop.example.net"));
    m_hostError = FieldError::create(QStringLiteral("hostError"));
    m_security = new QComboBox;
    m_security->setObjectName(QStringLiteral("securityCombo"));
    for (Security security : SecurityText::offered(m_initial.protocol))
        m_security->addItem(SecurityText::label(security, m_initial.protocol), int(security));
    m_security->setCurrentIndex(qMax(0, m_security->findData(int(upstream.security))));
    m_serverPort = new QSpinBox;
    m_serverPort->setObjectName(QStringLiteral("serverPortSpin"));
    m_serverPort->setRange(1, 65535);
    m_serverPort->setValue(upstream.effectivePort());
    m_securityText = new QLabel;
    m_securityText->setObjectName(QStringLiteral("securityExplanation"));
    m_securityText->setWordWrap(true);
    // Room for three lines of explanation, so a longer translation is not clipped by the form layout.
    m_securityText->setMinimumHeight(m_securityText->fontMetrics().lineSpacing() * 3 + 4);
    m_securityWarning = FieldError::create(QStringLiteral("securityWarning"));

    m_routing = new QCheckBox(tr("Allow the user name to choose the server (POPFile style host:port:user)"));
    m_routing->setObjectName(QStringLiteral("routingCheck"));
    m_routing->setChecked(m_initial.routing.enabled);
    m_separator = new QLineEdit(QString(QLatin1Char(m_initial.routing.separator)));
    m_separator->setObjectName(QStringLiteral("separatorEdit"));
    m_separator->setMaxLength(1);
    m_separator->setMaximumWidth(40);
    m_separatorError = FieldError::create(QStringLiteral("separatorError"));

    auto *group = new QGroupBox(tr("Mail server"));
    auto *form = new QFormLayout(group);
    m_serverForm = form;
    form->addRow(tr("&Server:"), withNote(m_host, m_hostError));
    form->addRow(tr("S&ecurity:"), m_security);
    form->addRow(QString(), m_securityText);
    form->addRow(QString(), m_securityWarning);
    form->addRow(tr("Server p&ort:"), m_serverPort);
    form->addRow(QString(), m_routing);
    form->addRow(tr("Separator:"), withNote(m_separator, m_separatorError));
    connect(m_security, &QComboBox::currentIndexChanged, this, &ListenerEditor::onSecurityChanged);
    connect(m_routing, &QCheckBox::toggled, m_separator, &QWidget::setEnabled);
    m_separator->setEnabled(m_routing->isChecked());
    return group;
}

QWidget *ListenerEditor::buildAccountGroup()
{
    m_user = new QLineEdit(m_initial.user);
    m_user->setObjectName(QStringLiteral("userEdit"));
    m_userError = FieldError::create(QStringLiteral("userError"));
    m_password = new QLineEdit;
    m_password->setObjectName(QStringLiteral("passwordEdit"));
    m_password->setEchoMode(QLineEdit::Password);
    m_storedPassword = new QCheckBox(tr("Use the password stored in the keychain (the mail client may send any "
                                        "password)"));
    m_storedPassword->setObjectName(QStringLiteral("storedPasswordCheck"));
    m_storedPassword->setChecked(m_initial.storedPassword);
    m_passwordNote = FieldError::create(QStringLiteral("passwordNote"));
    if (!m_credentials) {
        m_password->setEnabled(false);
        m_storedPassword->setEnabled(false);
        FieldError::set(m_passwordNote, tr("No keychain is available: the mail client must send the password."));
    } else if (m_initial.storedPassword && m_initial.upstream && !m_initial.user.isEmpty()) {
        m_password->setPlaceholderText(tr("(unchanged)"));
    }

    auto *group = new QGroupBox(tr("Account (optional)"));
    group->setObjectName(QStringLiteral("accountGroup"));
    m_accountGroup = group;
    auto *form = new QFormLayout(group);
    m_accountForm = form;
    form->addRow(tr("&User name:"), withNote(m_user, m_userError));
    form->addRow(tr("Pass&word:"), withNote(m_password, m_passwordNote));
    form->addRow(QString(), m_storedPassword);
    return group;
}

QWidget *ListenerEditor::buildTlsGroup()
{
    const TlsPolicy tls = m_initial.upstream ? m_initial.upstream->tls : TlsPolicy{};
    m_caFile = new QLineEdit(tls.caFile);
    m_caFile->setObjectName(QStringLiteral("caFileEdit"));
    m_caFile->setPlaceholderText(tr("only for a private certificate authority"));
    m_caFileError = FieldError::create(QStringLiteral("caFileError"));
    m_pin = new QLineEdit(QString::fromLatin1(tls.pinSha256));
    m_pin->setObjectName(QStringLiteral("pinEdit"));
    m_pin->setPlaceholderText(tr("SHA-256 of the server's public key (64 hex digits), optional"));
    m_pinError = FieldError::create(QStringLiteral("pinError"));
    m_fetch = new QPushButton(tr("Fetch certificate"));
    m_fetch->setObjectName(QStringLiteral("fetchCertificateButton"));
    m_pinFetched = new QPushButton(tr("Pin this certificate anyway"));
    m_pinFetched->setObjectName(QStringLiteral("pinFetchedButton"));
    m_pinFetched->setToolTip(tr("MailShim will then refuse any other certificate, also the server's next "
                                "routine renewal."));
    m_pinFetched->hide();
    m_certificate = new QLabel;
    m_certificate->setObjectName(QStringLiteral("certificateInfo"));
    m_certificate->setWordWrap(true);
    m_certificate->setTextInteractionFlags(Qt::TextSelectableByMouse);

    QWidget *caBox = FileField::caFileRow(m_caFile, QStringLiteral("caFileBrowse"));
    auto *pinRow = new QHBoxLayout;
    pinRow->setContentsMargins(0, 0, 0, 0);
    pinRow->addWidget(m_pin, 1);
    pinRow->addWidget(m_fetch);
    auto *pinBox = new QWidget;
    pinBox->setLayout(pinRow);

    auto *group = new QGroupBox(tr("TLS"));
    group->setObjectName(QStringLiteral("tlsGroup"));
    auto *form = new QFormLayout(group);
    form->addRow(tr("CA file:"), withNote(caBox, m_caFileError));
    form->addRow(tr("Pin:"), withNote(pinBox, m_pinError));
    form->addRow(QString(), m_certificate);
    form->addRow(QString(), m_pinFetched);
    connect(m_pinFetched, &QPushButton::clicked, this, [this] {
        m_pin->setText(QString::fromLatin1(m_fetchedKey));
        m_pinFetched->hide();
    });
    connect(m_fetch, &QPushButton::clicked, this, &ListenerEditor::fetchCertificate);
    return group;
}

void ListenerEditor::showIssue(const QString &message)
{
    FieldError::set(m_issue, message);
}

void ListenerEditor::onSecurityChanged()
{
    const auto security = Security(m_security->currentData().toInt());
    // The port follows the mode unless the user chose a port of their own.
    if (m_serverPort->value() == defaultPort(m_lastSecurity, m_lastProtocol))
        m_serverPort->setValue(defaultPort(security, protocol()));
    m_lastSecurity = security;
    m_lastProtocol = protocol();
    updateSecurityTexts();
}

// Receiving and sending offer different modes, default ports and options; what the user chose is kept where it still
// applies (the server name, the account, a port of their own).
void ListenerEditor::onProtocolChanged()
{
    const Protocol kind = protocol();
    const bool smtp = kind == Protocol::Smtp;
    if (kind != m_lastProtocol) {
        if (m_initial.name.isEmpty()) { // a new listener: the first free port from the protocol's default up
            quint16 port = smtp ? 3587 : 3999;
            while (std::any_of(m_others.begin(), m_others.end(),
                               [port](const ListenerConfig &l) { return l.port == port; }))
                ++port;
            m_port->setValue(port);
        }
        const auto current = Security(m_security->currentData().toInt());
        const QSignalBlocker blocker(m_security);
        m_security->clear();
        for (Security security : SecurityText::offered(kind))
            m_security->addItem(SecurityText::label(security, kind), int(security));
        m_security->setCurrentIndex(qMax(0, m_security->findData(int(current))));
        const auto chosen = Security(m_security->currentData().toInt());
        if (m_serverPort->value() == defaultPort(m_lastSecurity, m_lastProtocol))
            m_serverPort->setValue(defaultPort(chosen, kind));
        m_lastSecurity = chosen;
        m_lastProtocol = kind;
    }
    m_host->setPlaceholderText(smtp ? tr("smtp.example.net") : tr("pop.example.net"));
    if (smtp)
        m_routing->setChecked(false); // the user name chooses the server only on POP3
    m_serverForm->setRowVisible(m_routing, !smtp && !m_oauth->isOAuth());
    m_serverForm->setRowVisible(m_separator->parentWidget(), !smtp && !m_oauth->isOAuth());
    m_smtp->setVisible(smtp);
    updateSecurityTexts();
    fitToScreen();
}

// As tall as the form, but no taller than the screen it is on; the form scrolls in what is left.
void ListenerEditor::fitToScreen()
{
    m_content->adjustSize();
    const QSize form = m_content->sizeHint();
    const int frame = m_buttons->sizeHint().height() + layout()->spacing() + layout()->contentsMargins().top() +
                      layout()->contentsMargins().bottom();
    const int available = screen() ? screen()->availableGeometry().height() * 9 / 10 : form.height() + frame;
    const int width = form.width() + m_scroll->verticalScrollBar()->sizeHint().width() +
                      layout()->contentsMargins().left() + layout()->contentsMargins().right();
    m_scroll->setMinimumWidth(form.width() + m_scroll->verticalScrollBar()->sizeHint().width());
    resize(qMax(width, this->width()), qMin(form.height() + frame, available));
}

void ListenerEditor::updateSecurityTexts()
{
    const auto security = Security(m_security->currentData().toInt());
    m_securityText->setText(SecurityText::explanation(security, protocol()));
    FieldError::set(m_securityWarning, SecurityText::warning(security, protocol()));
    const bool tls = usesTls(security);
    m_caFile->setEnabled(tls);
    m_pin->setEnabled(tls);
    m_fetch->setEnabled(tls);
}

void ListenerEditor::checkLocalPort()
{
    const auto port = quint16(m_port->value());
    QString note;
    for (const ListenerConfig &other : qAsConst(m_others)) {
        if (other.port == port) {
            note = tr("Port %1 is already used by listener \"%2\".").arg(port).arg(other.name);
            break;
        }
    }
    // Our own running listener holds its port: only a different port is tried.
    if (note.isEmpty() && !(port == m_initial.port && !m_initial.name.isEmpty())) {
        QString why;
        if (!PortCheck::canListen(QHostAddress(QHostAddress::LocalHost), port, &why))
            note = tr("Port %1 cannot be opened now (%2). Another program may be using it.").arg(port).arg(why);
    }
    if (note.isEmpty() && port > kFourDigitLimit)
        note = tr("Some old Outlook versions accept only four-digit ports (up to 9999).");
    FieldError::set(m_portNote, note);
}

void ListenerEditor::fetchCertificate()
{
    const std::optional<QString> host = HostName::normalize(m_host->text().trimmed().toUtf8());
    if (!host) {
        FieldError::set(m_hostError, tr("Enter a valid server name first."));
        return;
    }
    const auto security = Security(m_security->currentData().toInt());
    if (!m_probe) {
        m_probe = new ServerProbe(this);
        connect(m_probe, &ServerProbe::certificateFetched, this, &ListenerEditor::onCertificateFetched);
    }
    m_fetch->setEnabled(false);
    m_pinFetched->hide();
    m_fetchedKey.clear();
    m_certificate->setText(tr("Connecting to %1...").arg(*host));
    m_probe->fetchCertificate(*host, quint16(m_serverPort->value()), security, m_caFile->text().trimmed(), 10,
                              protocol());
}

// A certificate that is not trusted needs the pin to be used at all: it is filled in (and saved only on OK). A
// trusted one needs none, and a pin would break the listener at the server's next routine renewal: the field
// stays as it is unless the user presses "Pin this certificate anyway".
void ListenerEditor::onCertificateFetched(const std::optional<CertificateInfo> &info, const QString &error)
{
    m_fetch->setEnabled(true);
    if (!info) {
        m_certificate->setText(tr("Could not fetch the certificate: %1").arg(error));
        return;
    }
    m_fetchedKey = info->spkiSha256Hex;
    if (info->trusted) {
        m_certificate->setText(tr("No pin is needed: this certificate is trusted.") + QLatin1Char('\n') +
                               info->describe());
        m_pinFetched->setVisible(m_pin->text().trimmed().remove(QLatin1Char(':')).toLower().toLatin1() != m_fetchedKey);
        return;
    }
    m_certificate->setText(info->describe());
    m_pin->setText(QString::fromLatin1(info->spkiSha256Hex));
}

bool ListenerEditor::validate()
{
    bool ok = true;
    const QString name = m_name->text().trimmed();
    QString nameError;
    if (name.isEmpty())
        nameError = tr("Give the listener a name.");
    for (const ListenerConfig &other : qAsConst(m_others)) {
        if (other.name == name)
            nameError = tr("Another listener is already called \"%1\".").arg(name);
    }
    FieldError::set(m_nameError, nameError);
    ok = ok && nameError.isEmpty();

    for (const ListenerConfig &other : qAsConst(m_others)) {
        if (other.port == m_port->value() && other.enabled) {
            FieldError::set(m_portNote,
                            tr("Port %1 is already used by listener \"%2\".").arg(other.port).arg(other.name));
            ok = false;
        }
    }

    QString hostError;
    if (!m_routing->isChecked() || !m_host->text().trimmed().isEmpty()) {
        if (!HostName::normalize(m_host->text().trimmed().toUtf8()))
            hostError = !m_host->text().trimmed().isEmpty()
                            ? tr("\"%1\" is not a valid server name.").arg(m_host->text().trimmed())
                        : protocol() == Protocol::Smtp
                            ? tr("Enter the mail server's name, for example smtp.example.net.")
                            : tr("Enter the mail server's name, for example pop.example.net.");
    }
    FieldError::set(m_hostError, hostError);
    ok = ok && hostError.isEmpty();

    // The TLS fields count only in a TLS mode: elsewhere they are disabled and not saved.
    const bool tls = usesTls(Security(m_security->currentData().toInt()));
    QString pinError;
    const QString pin = m_pin->text().trimmed().remove(QLatin1Char(':'));
    if (tls && !pin.isEmpty() && !QRegularExpression(QStringLiteral("^[0-9a-fA-F]{64}$")).match(pin).hasMatch())
        pinError = tr("A pin is 64 hexadecimal digits (a SHA-256 hash).");
    FieldError::set(m_pinError, pinError);
    ok = ok && pinError.isEmpty();

    QString caError;
    const QString caFile = m_caFile->text().trimmed();
    if (tls && !caFile.isEmpty()) {
        if (!QFileInfo(caFile).isReadable())
            caError = tr("The file %1 cannot be read.").arg(caFile);
        else if (QSslCertificate::fromPath(caFile).isEmpty())
            caError = tr("The file %1 holds no PEM certificate.").arg(caFile);
    }
    FieldError::set(m_caFileError, caError);
    ok = ok && caError.isEmpty();

    QString separatorError;
    if (m_routing->isChecked()) {
        const QString separator = m_separator->text();
        if (separator.size() != 1 || !routingSeparatorChoices().contains(separator))
            separatorError = tr("One of these characters: %1").arg(routingSeparatorChoices());
    }
    FieldError::set(m_separatorError, separatorError);
    ok = ok && separatorError.isEmpty();

    const QString user = m_user->text().trimmed();
    QString userError;
    if (user.size() > 255 || std::any_of(user.begin(), user.end(), [](QChar c) { return c.unicode() < 32; }))
        userError = tr("At most 255 characters, without control characters.");
    else if (m_oauth->isOAuth() && user.isEmpty())
        userError = tr("Enter the mailbox address that signs in, for example you@example.net.");
    FieldError::set(m_userError, userError);
    ok = ok && userError.isEmpty();
    ok = m_oauth->validate() && ok;

    // A stored password lets any program on this computer read the mailbox through this port with any
    // password, so it is used only when the box says so, never just because a password was typed.
    QString passwordError;
    if (m_storedPassword->isChecked() && user.isEmpty())
        passwordError = tr("Enter the user name the password belongs to.");
    else if (!m_password->text().isEmpty() && !m_storedPassword->isChecked())
        passwordError = tr("Tick \"Use the password stored in the keychain\" to keep this password, or leave the "
                           "field empty: the mail client then sends the password.");
    if (m_credentials || !passwordError.isEmpty())
        FieldError::set(m_passwordNote, passwordError);
    if (protocol() == Protocol::Smtp)
        ok = m_smtp->validate(user, m_storedPassword->isChecked()) && ok;
    return ok && passwordError.isEmpty();
}

ListenerConfig ListenerEditor::collect() const
{
    ListenerConfig config = m_initial;
    config.protocol = protocol();
    config.name = m_name->text().trimmed();
    config.port = quint16(m_port->value());
    const QString host = m_host->text().trimmed();
    if (!host.isEmpty()) {
        UpstreamConfig upstream = m_initial.upstream.value_or(UpstreamConfig{});
        upstream.host = HostName::normalize(host.toUtf8()).value_or(host);
        upstream.security = Security(m_security->currentData().toInt());
        upstream.protocol = config.protocol;
        upstream.port = quint16(m_serverPort->value()) == defaultPort(upstream.security, upstream.protocol)
                            ? 0
                            : quint16(m_serverPort->value());
        upstream.tls.caFile = usesTls(upstream.security) ? m_caFile->text().trimmed() : QString();
        upstream.tls.pinSha256 = usesTls(upstream.security)
                                     ? m_pin->text().trimmed().remove(QLatin1Char(':')).toLower().toLatin1()
                                     : QByteArray();
        config.upstream = upstream;
    } else {
        config.upstream.reset();
    }
    config.routing.enabled = m_routing->isChecked();
    if (!m_separator->text().isEmpty())
        config.routing.separator = m_separator->text().at(0).toLatin1();
    if (config.routing.enabled && config.upstream) {
        bool listed = false;
        for (const UpstreamConfig &allowed : qAsConst(config.routing.allow))
            listed = listed || (allowed.host == config.upstream->host &&
                                allowed.effectivePort() == config.upstream->effectivePort());
        if (!listed)
            config.routing.allow.append(*config.upstream);
    }
    config.user = m_user->text().trimmed();
    config.storedPassword = m_storedPassword->isChecked();
    m_oauth->apply(&config);
    if (config.protocol == Protocol::Smtp) {
        m_smtp->apply(&config);
    } else {
        config.clientAuth = ClientAuth::Required;
        config.popBeforeSmtp.reset();
    }
    return config;
}

void ListenerEditor::done(int result)
{
    if (result != QDialog::Accepted || m_storing) {
        if (!m_storing)
            QDialog::done(result);
        return;
    }
    FieldError::set(m_issue, QString());
    if (!validate())
        return;
    const ListenerConfig config = collect();
    // The whole config is checked before the keychain is touched, so a refusal leaves nothing behind.
    if (m_checker) {
        QStringList lines;
        for (const ConfigIssue &issue : m_checker(config))
            lines << issue.translated();
        if (!lines.isEmpty()) {
            showIssue(lines.join(QLatin1Char('\n')));
            return;
        }
    }
    if (!m_password->text().isEmpty() && m_credentials && config.upstream && !m_oauth->isOAuth()) {
        storePasswordThenAccept(config);
        return;
    }
    m_result = config;
    QDialog::done(result);
}

// The password goes to the keychain before the dialog closes, so a failure is shown here, next to the
// field, and nothing is written anywhere else.
void ListenerEditor::storePasswordThenAccept(const ListenerConfig &config)
{
    m_storing = true;
    m_buttons->setEnabled(false);
    const CredentialKey key{config.upstream->host, config.upstream->effectivePort(), config.user};
    m_credentials->store(key, m_password->text().toUtf8(), this, [this, config](bool ok, const QString &error) {
        m_storing = false;
        m_buttons->setEnabled(true);
        if (!ok) {
            FieldError::set(m_passwordNote, tr("The keychain did not take the password (%1). Nothing was saved. "
                                               "Untick \"Use the password stored in the keychain\" and clear the "
                                               "password to let the mail client send it.")
                                                .arg(error));
            return;
        }
        m_password->clear();
        m_result = config;
        QDialog::done(QDialog::Accepted);
    });
}

} // namespace mailshim
