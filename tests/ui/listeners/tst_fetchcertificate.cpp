// "Fetch certificate" in the listener editor against the real Dovecot's POP3S port: a certificate trusted through
// the CA file is shown as trusted and the pin stays empty (pressing OK must not pin a key the server's next
// renewal changes) unless the user presses "Pin this certificate anyway"; an untrusted one fills in the pin.

#include "dovecotfixture.h"
#include "memorycredentialstore.h"
#include "ui/listeners/listenereditor.h"
#include "widgetlookup.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTest>

using namespace mailshim;

class TestFetchCertificate : public QObject
{
    Q_OBJECT

    DovecotFixture m_dovecot;

    // An editor for a TLS listener on the fixture's POP3S port, with or without its CA file.
    std::unique_ptr<ListenerEditor> editor(MemoryCredentialStore &store, bool withCaFile)
    {
        ListenerConfig l;
        l.name = QStringLiteral("isp");
        l.port = 4997;
        UpstreamConfig upstream;
        upstream.host = m_dovecot.tlsHostName();
        upstream.port = m_dovecot.pop3sPort();
        upstream.security = Security::Tls;
        upstream.tls.caFile = withCaFile ? m_dovecot.caFile() : QString();
        l.upstream = upstream;
        auto e = std::make_unique<ListenerEditor>(l, QList<ListenerConfig>{}, &store);
        e->show();
        return e;
    }

    static bool fetch(ListenerEditor &e)
    {
        auto *button = child<QPushButton>(e, "fetchCertificateButton");
        button->click();
        return QTest::qWaitFor([button] { return button->isEnabled(); }, 20000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_dovecot.start(&error), qPrintable(error));
    }

    void trustedCertificateIsNotPinnedUnlessAsked()
    {
        MemoryCredentialStore store;
        const auto e = editor(store, true);
        QVERIFY(fetch(*e));
        const QString shown = child<QLabel>(*e, "certificateInfo")->text();
        QVERIFY2(shown.contains(QStringLiteral("No pin is needed")), qPrintable(shown));
        QVERIFY(child<QLineEdit>(*e, "pinEdit")->text().isEmpty());
        child<QPushButton>(*e, "okButton")->click();
        QCOMPARE(e->result(), int(QDialog::Accepted));
        QVERIFY(e->listener().upstream->tls.pinSha256.isEmpty());

        // Asked for explicitly, the pin is the key's hash.
        const auto again = editor(store, true);
        QVERIFY(fetch(*again));
        auto *pinAnyway = child<QPushButton>(*again, "pinFetchedButton");
        QVERIFY(pinAnyway->isVisible());
        pinAnyway->click();
        QCOMPARE(child<QLineEdit>(*again, "pinEdit")->text().size(), 64);
        QVERIFY(!pinAnyway->isVisible());
    }

    void untrustedCertificateFillsInThePin()
    {
        MemoryCredentialStore store;
        const auto e = editor(store, false);
        QVERIFY(fetch(*e));
        QCOMPARE(child<QLineEdit>(*e, "pinEdit")->text().size(), 64);
        QVERIFY(!child<QPushButton>(*e, "pinFetchedButton")->isVisible());
        QVERIFY(!child<QLabel>(*e, "certificateInfo")->text().contains(QStringLiteral("No pin is needed")));
    }
};

QTEST_MAIN(TestFetchCertificate)
#include "tst_fetchcertificate.moc"
