#include "ui/listeners/smtpoptions.h"

#include "ui/common/fielderror.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

namespace mailshim {

namespace {
QLabel *explanationLabel(const QString &objectName)
{
    auto *label = new QLabel;
    label->setObjectName(objectName);
    label->setWordWrap(true);
    return label;
}
} // namespace

SmtpOptions::SmtpOptions(const ListenerConfig &initial, const QList<ListenerConfig> &popListeners, QWidget *parent)
    : QGroupBox(tr("Sending mail"), parent), m_optionalAuth(new QCheckBox),
      m_authText(explanationLabel(QStringLiteral("clientAuthExplanation"))),
      m_authError(FieldError::create(QStringLiteral("clientAuthError"))), m_popBeforeSmtp(new QCheckBox),
      m_popListener(new QComboBox), m_window(new QSpinBox), m_delay(new QSpinBox),
      m_popText(explanationLabel(QStringLiteral("popBeforeSmtpExplanation"))),
      m_popError(FieldError::create(QStringLiteral("popBeforeSmtpError"))), m_user(initial.user),
      m_initialWindowSeconds(initial.popBeforeSmtp.value_or(PopBeforeSmtpConfig{}).windowSeconds)
{
    setObjectName(QStringLiteral("smtpGroup"));
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    m_optionalAuth->setObjectName(QStringLiteral("clientAuthOptionalCheck"));
    m_optionalAuth->setText(tr("Let programs that cannot log in send mail (scanners, copiers)"));
    m_optionalAuth->setChecked(initial.clientAuth == ClientAuth::Optional);

    m_popBeforeSmtp->setObjectName(QStringLiteral("popBeforeSmtpCheck"));
    m_popBeforeSmtp->setText(tr("The server accepts mail only after mail was received (POP before SMTP)"));
    m_popListener->setObjectName(QStringLiteral("popBeforeSmtpCombo"));
    for (const ListenerConfig &pop : popListeners) {
        if (pop.protocol == Protocol::Pop3 && pop.upstream)
            m_popListener->addItem(tr("%1 (%2)").arg(pop.name, pop.upstream->host), pop.name);
    }
    const PopBeforeSmtpConfig pop = initial.popBeforeSmtp.value_or(PopBeforeSmtpConfig{});
    if (initial.popBeforeSmtp && m_popListener->findData(pop.listener) < 0)
        m_popListener->addItem(pop.listener, pop.listener); // kept, so the engine's refusal names it
    m_popListener->setCurrentIndex(qMax(0, m_popListener->findData(pop.listener)));
    m_popBeforeSmtp->setChecked(initial.popBeforeSmtp.has_value());
    m_window->setObjectName(QStringLiteral("popBeforeSmtpWindowSpin"));
    m_window->setRange(1, 1440);
    m_window->setSuffix(tr(" min"));
    m_window->setValue(qMax(1, pop.windowSeconds / 60));
    m_delay->setObjectName(QStringLiteral("popBeforeSmtpDelaySpin"));
    m_delay->setRange(0, 600);
    m_delay->setSuffix(tr(" s"));
    m_delay->setValue(pop.delaySeconds);

    // Shown only while POP before SMTP is ticked, and the two times on one row: the dialog must fit a 768-pixel
    // screen with every option on.
    m_popFields = new QWidget;
    m_popFields->setObjectName(QStringLiteral("popBeforeSmtpFields"));
    // Never squeezed below its size hint: the dialog's word-wrapped labels make the layout underestimate it.
    m_popFields->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    auto *times = new QHBoxLayout;
    times->setContentsMargins(0, 0, 0, 0);
    times->addWidget(m_window);
    times->addSpacing(12);
    times->addWidget(new QLabel(tr("Wait after the login:")));
    times->addWidget(m_delay);
    times->addStretch();
    auto *popForm = new QFormLayout(m_popFields);
    popForm->setContentsMargins(24, 0, 0, 0);
    popForm->addRow(tr("Receive with:"), m_popListener);
    popForm->addRow(tr("Sending allowed for:"), times);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_optionalAuth);
    layout->addWidget(m_authText);
    layout->addWidget(m_authError);
    layout->addWidget(m_popBeforeSmtp);
    layout->addWidget(m_popFields);
    layout->addWidget(m_popText);
    layout->addWidget(m_popError);

    connect(m_optionalAuth, &QCheckBox::toggled, this, &SmtpOptions::updateTexts);
    connect(m_popBeforeSmtp, &QCheckBox::toggled, this, &SmtpOptions::updateTexts);
    updateTexts();
}

void SmtpOptions::setUser(const QString &user)
{
    m_user = user;
    updateTexts();
}

void SmtpOptions::updateTexts()
{
    const QString who = m_user.isEmpty() ? tr("the account above") : m_user;
    m_authText->setText(m_optionalAuth->isChecked()
                            ? tr("Any program on this computer can then send mail as %1 without a password: MailShim "
                                 "logs in for it with the password stored in the keychain.")
                                  .arg(who)
                            : tr("The mail program logs in as usual (in Outlook: \"My outgoing server (SMTP) requires "
                                 "authentication\")."));
    const bool pop = m_popBeforeSmtp->isChecked();
    const bool havePop = m_popListener->count() > 0;
    m_popFields->setVisible(pop && havePop);
    if (!havePop)
        m_popText->setText(tr("Some providers let you send only for a while after you received mail. To use this, "
                              "first add a listener that receives mail (POP3) from the same provider."));
    else if (pop)
        m_popText->setText(tr("Unless mail was received recently, MailShim first logs in with this listener "
                              "(nothing is downloaded or deleted) and waits. It needs its password in the keychain."));
    else
        m_popText->setText(tr("Some providers let you send only for a while after you received mail. Tick this if "
                              "yours says so."));
}

bool SmtpOptions::validate(const QString &user, bool storedPassword)
{
    QString authError;
    if (m_optionalAuth->isChecked() && (user.isEmpty() || !storedPassword))
        authError = tr("Enter the user name and keep its password in the keychain: MailShim logs in with them for "
                       "programs that cannot.");
    FieldError::set(m_authError, authError);
    QString popError;
    if (m_popBeforeSmtp->isChecked() && m_popListener->currentIndex() < 0)
        popError = tr("Choose the listener that receives mail from this provider.");
    else if (m_popBeforeSmtp->isChecked() && m_delay->value() >= windowSeconds())
        popError = tr("The wait must be shorter than the time sending is allowed.");
    FieldError::set(m_popError, popError);
    return authError.isEmpty() && popError.isEmpty();
}

int SmtpOptions::windowSeconds() const
{
    return m_window->value() == qMax(1, m_initialWindowSeconds / 60) ? m_initialWindowSeconds : m_window->value() * 60;
}

void SmtpOptions::apply(ListenerConfig *listener) const
{
    listener->clientAuth = m_optionalAuth->isChecked() ? ClientAuth::Optional : ClientAuth::Required;
    if (!m_popBeforeSmtp->isChecked() || m_popListener->currentIndex() < 0) {
        listener->popBeforeSmtp.reset();
        return;
    }
    PopBeforeSmtpConfig pop;
    pop.listener = m_popListener->currentData().toString();
    pop.windowSeconds = windowSeconds();
    pop.delaySeconds = m_delay->value();
    listener->popBeforeSmtp = pop;
}

} // namespace mailshim
