#pragma once

// SmtpOptions: the listener editor's "Sending mail" group, shown only for an SMTP listener. Two choices, each
// explained in plain words: whether a program that never logs in (a scanner) may send as the listener's account with
// the keychain's password, and whether the server wants a POP3 login first (POP before SMTP), with a picker of the
// POP3 listeners that can make that login and the server's window and delay.

#include "core/config.h"

#include <QGroupBox>

class QCheckBox;
class QComboBox;
class QLabel;
class QSpinBox;

namespace mailshim {

class SmtpOptions final : public QGroupBox
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SmtpOptions)

public:
    // popListeners: the other listeners; the POP3 ones with a fixed server are offered for POP before SMTP.
    SmtpOptions(const ListenerConfig &initial, const QList<ListenerConfig> &popListeners, QWidget *parent = nullptr);

    // Checks the choices against the account fields; shows a refusal next to the choice and returns false.
    bool validate(const QString &user, bool storedPassword);
    // Writes clientAuth and popBeforeSmtp into listener.
    void apply(ListenerConfig *listener) const;
    // The account the explanation names ("send as ...").
    void setUser(const QString &user);

private:
    void updateTexts();
    int windowSeconds() const;

    QCheckBox *m_optionalAuth;
    QLabel *m_authText;
    QLabel *m_authError;
    QCheckBox *m_popBeforeSmtp;
    QWidget *m_popFields;
    QComboBox *m_popListener;
    QSpinBox *m_window;
    QSpinBox *m_delay;
    QLabel *m_popText;
    QLabel *m_popError;
    QString m_user;
    int m_initialWindowSeconds; // kept when the minutes are not changed (a file may say 90 s)
};

} // namespace mailshim
