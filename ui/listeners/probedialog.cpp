#include "ui/listeners/probedialog.h"

#include "setup/serverprobe.h"
#include "ui/common/probetext.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QProgressBar>
#include <QVBoxLayout>

namespace mailshim {

ProbeDialog::ProbeDialog(const UpstreamConfig &server, QWidget *parent)
    : QDialog(parent), m_server(server), m_probe(new ServerProbe(this)), m_progress(new QProgressBar),
      m_step(new QLabel), m_result(new QLabel)
{
    setObjectName(QStringLiteral("probeDialog"));
    setWindowTitle(tr("Test %1").arg(server.host));
    m_progress->setObjectName(QStringLiteral("probeProgress"));
    m_progress->setRange(0, 100);
    m_result->setObjectName(QStringLiteral("probeResult"));
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::RichText);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_step);
    layout->addWidget(m_progress);
    layout->addWidget(m_result, 1);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_probe, &ServerProbe::progress, this, [this](const QString &step, int percent) {
        m_step->setText(step);
        m_progress->setValue(percent);
    });
    connect(m_probe, &ServerProbe::finished, this, [this](const ProbeReport &report) {
        m_progress->setValue(100);
        m_step->setText(tr("Done."));
        m_result->setText(ProbeText::html(report));
    });
    resize(520, 420);
}

void ProbeDialog::start()
{
    ProbeRequest request;
    request.protocol = m_server.protocol;
    request.host = m_server.host;
    // Only the port and kind of connection the listener uses: a listener on port 35799 with implicit TLS is not
    // judged by a plain port 110 it never connects to.
    const bool implicitTls = transportFor(m_server.security) == Transport::ImplicitTls;
    request.tlsPort = implicitTls ? m_server.effectivePort() : 0;
    request.plainPort = implicitTls ? 0 : m_server.effectivePort();
    request.caFile = m_server.tls.caFile;
    request.pinSha256 = m_server.tls.pinSha256; // a pinned server is tested as the listener trusts it
    m_probe->start(request);
}

} // namespace mailshim
