#include "ui/chainwizard/chainwizardresultpage.h"

#include "credentials/credentialstore.h"
#include "setup/chainmodel.h"
#include "ui/chainwizard/chainwizard.h"
#include "ui/chainwizard/chainwizardtext.h"
#include "ui/common/copyablerow.h"

#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace mailshim {

ChainWizardResultPage::ChainWizardResultPage(ChainWizard *wizard)
    : QWizardPage(wizard), m_wizard(wizard), m_tester(new ChainTester(this)), m_proxies(new QLabel),
      m_password(new QLineEdit), m_test(new QPushButton(tr("&Test chain"))), m_result(new QLabel)
{
    setObjectName(QStringLiteral("chainResultPage"));
    setTitle(tr("Set up your mail program and the other proxies"));
    setSubTitle(tr("Enter these settings for incoming mail (POP3) in Outlook or your other mail program, with "
                   "SSL/TLS turned off there."));
    auto *grid = new QGridLayout;
    m_server = CopyableRow::add(grid, 0, tr("Incoming mail server (POP3):"), QStringLiteral("chainResultServer"));
    m_port = CopyableRow::add(grid, 1, tr("Port:"), QStringLiteral("chainResultPort"));
    m_user = CopyableRow::add(grid, 2, tr("User name:"), QStringLiteral("chainResultUser"));
    m_proxies->setObjectName(QStringLiteral("chainProxySettings"));
    m_proxies->setWordWrap(true);
    m_proxies->setTextFormat(Qt::RichText);
    m_proxies->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *proxies = new QGroupBox(tr("Each hop"));
    (new QVBoxLayout(proxies))->addWidget(m_proxies);

    m_password->setObjectName(QStringLiteral("chainTestPassword"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("empty: the password stored in the keychain"));
    m_test->setObjectName(QStringLiteral("chainTestButton"));
    m_result->setObjectName(QStringLiteral("chainTestResult"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *testRow = new QHBoxLayout;
    testRow->addWidget(new QLabel(tr("Password:")));
    testRow->addWidget(m_password, 1);
    testRow->addWidget(m_test);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(grid);
    layout->addWidget(proxies);
    layout->addLayout(testRow);
    layout->addWidget(m_result);
    layout->addStretch();

    connect(m_test, &QPushButton::clicked, this, &ChainWizardResultPage::startTest);
    connect(m_tester, &ChainTester::progress, this, [this](int hop, bool login) {
        m_result->setText(ChainWizardText::testProgress(m_wizard->chain, hop, login));
    });
    connect(m_tester, &ChainTester::finished, this, &ChainWizardResultPage::onFinished);
}

void ChainWizardResultPage::initializePage()
{
    const Chain &chain = m_wizard->chain;
    m_server->setText(chain.hops.first().address);
    m_port->setText(QString::number(chain.hops.first().port));
    m_user->setText(QString::fromUtf8(ChainModel::clientUserName(chain)));
    QStringList lines;
    for (int i = 0; i < chain.hops.size(); ++i)
        lines << QStringLiteral("%1. %2").arg(i + 1).arg(
            ChainWizardText::hopSetting(chain, i, m_wizard->written).toHtmlEscaped());
    m_proxies->setText(lines.join(QStringLiteral("<br>")));
    m_result->clear();
    m_lastResult = ChainTestResult{};
}

void ChainWizardResultPage::cleanupPage()
{
    ++m_generation;
    m_lookingUp = false;
    m_tester->cancel();
    m_test->setEnabled(true);
}

void ChainWizardResultPage::startTest()
{
    if (isTesting())
        return;
    m_test->setEnabled(false);
    const QByteArray typed = m_password->text().toUtf8();
    if (!typed.isEmpty()) {
        m_tester->start(m_wizard->chain, typed);
        return;
    }
    // The password the keychain holds for the account at the server.
    CredentialStore *store = m_wizard->credentials();
    const Chain &chain = m_wizard->chain;
    const CredentialKey key{chain.server.host, ChainModel::serverPort(chain), chain.server.user};
    if (!store) {
        m_test->setEnabled(true);
        m_result->setText(tr("No keychain is available: type the password to test with (it is not stored)."));
        return;
    }
    m_lookingUp = true;
    m_result->setText(tr("Reading the password from the keychain..."));
    store->lookup(key, this, [this, key, generation = m_generation](const PasswordAnswer &answer) {
        if (generation != m_generation)
            return;
        m_lookingUp = false;
        if (answer.status != PasswordAnswer::Status::Found) {
            m_test->setEnabled(true);
            m_result->setText(
                tr("No password is stored for %1: type it above to test with (it is not stored).").arg(key.toString()));
            return;
        }
        m_tester->start(m_wizard->chain, answer.password);
    });
}

void ChainWizardResultPage::onFinished(const ChainTestResult &result)
{
    m_lastResult = result;
    m_test->setEnabled(true);
    m_result->setText(ChainWizardText::testResult(result));
    QPalette palette = m_result->palette();
    palette.setColor(QPalette::WindowText, result.ok() ? QColor(0x2e, 0x7d, 0x32) : QColor(0xc6, 0x28, 0x28));
    m_result->setPalette(palette);
}

} // namespace mailshim
