#include "ui/chainwizard/chainwizarddiagram.h"

#include "ui/chainwizard/chainwizardtext.h"

#include <QPainter>
#include <QPainterPath>

namespace mailshim {

namespace {
constexpr int kGap = 34;
constexpr int kBoxHeight = 64;

struct Box
{
    QString title;
    QString detail;
    int hop = -1; // -2: mail program, -3: server
};
} // namespace

ChainWizardDiagram::ChainWizardDiagram(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("chainDiagram"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void ChainWizardDiagram::setChain(const Chain &chain, const QList<ChainProblem> &problems)
{
    m_chain = chain;
    m_badHops.clear();
    for (const ChainProblem &p : problems) {
        if (p.severity == ChainProblem::Severity::Error && p.hop >= 0)
            m_badHops.insert(p.hop);
    }
    setAccessibleDescription(boxTexts().join(QStringLiteral(" → ")));
    update();
}

QSize ChainWizardDiagram::sizeHint() const
{
    return {int(m_chain.hops.size() + 2) * 130, kBoxHeight + 40};
}

QSize ChainWizardDiagram::minimumSizeHint() const
{
    return {300, kBoxHeight + 40};
}

QStringList ChainWizardDiagram::boxTexts() const
{
    QStringList texts{tr("Mail program")};
    for (int i = 0; i < m_chain.hops.size(); ++i)
        texts << QStringLiteral("%1 %2:%3")
                     .arg(ChainWizardText::hopName(m_chain, i), m_chain.hops.at(i).address)
                     .arg(m_chain.hops.at(i).port);
    texts << QStringLiteral("%1:%2").arg(m_chain.server.host).arg(ChainModel::serverPort(m_chain));
    return texts;
}

QString ChainWizardDiagram::serverLinkLabel() const
{
    if (m_chain.hops.isEmpty() || m_chain.hops.last().kind != ChainHopKind::MailShim)
        return tr("not encrypted");
    switch (m_chain.server.security) {
    case Security::Tls:
    case Security::Stls:
        return tr("TLS");
    case Security::ApopTls:
        return tr("APOP + TLS");
    case Security::Apop:
        return tr("APOP");
    case Security::Plain:
        break;
    }
    return tr("not encrypted");
}

void ChainWizardDiagram::paintEvent(QPaintEvent *)
{
    QList<Box> boxes{
        {tr("Mail program"), tr("127.0.0.1:%1").arg(m_chain.hops.isEmpty() ? 0 : m_chain.hops.first().port), -2}};
    for (int i = 0; i < m_chain.hops.size(); ++i) {
        const ChainHop &h = m_chain.hops.at(i);
        QString detail = QStringLiteral("%1:%2").arg(h.address).arg(h.port ? QString::number(h.port) : tr("?"));
        if (ChainModel::takesTarget(m_chain, i))
            detail += QStringLiteral("  \"%1\"").arg(QLatin1Char(h.separator));
        boxes.append({ChainWizardText::hopName(m_chain, i), detail, i});
    }
    boxes.append({m_chain.server.host.isEmpty() ? tr("server") : m_chain.server.host,
                  tr("port %1").arg(ChainModel::serverPort(m_chain)), -3});

    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const int n = int(boxes.size());
    const int boxWidth = qMax(60, (width() - 2 - (n - 1) * kGap) / n);
    const int top = 24;
    const QColor mailShimColor(0x1f, 0x6f, 0xb5);
    const QColor errorColor(0xc6, 0x28, 0x28);
    for (int i = 0; i < n; ++i) {
        const Box &box = boxes.at(i);
        const QRect rect(1 + i * (boxWidth + kGap), top, boxWidth, kBoxHeight);
        const bool isMailShim = box.hop >= 0 && m_chain.hops.at(box.hop).kind == ChainHopKind::MailShim;
        const bool bad = m_badHops.contains(box.hop);
        QPainterPath path;
        path.addRoundedRect(rect, 6, 6);
        p.fillPath(path, isMailShim ? QColor(0xe3, 0xf0, 0xfb) : palette().color(QPalette::Base));
        p.setPen(
            QPen(bad ? errorColor : (isMailShim ? mailShimColor : palette().color(QPalette::Mid)), bad ? 2.5 : 1.5));
        p.drawPath(path);
        p.setPen(palette().color(QPalette::Text));
        QFont bold = font();
        bold.setBold(true);
        p.setFont(bold);
        const QRect inner = rect.adjusted(4, 6, -4, -6);
        p.drawText(inner, Qt::AlignHCenter | Qt::AlignTop,
                   p.fontMetrics().elidedText(box.title, Qt::ElideRight, inner.width()));
        p.setFont(font());
        p.drawText(inner, Qt::AlignHCenter | Qt::AlignBottom,
                   p.fontMetrics().elidedText(box.detail, Qt::ElideMiddle, inner.width()));
        if (i + 1 == n)
            continue;
        // The arrow to the next box; the last one carries the server link's protection.
        const int y = top + kBoxHeight / 2;
        const int x0 = rect.right() + 3, x1 = rect.right() + kGap - 3;
        const bool serverLink = i + 2 == n;
        const bool exposed = serverLink && serverLinkLabel() == tr("not encrypted");
        p.setPen(QPen(exposed ? errorColor : palette().color(QPalette::WindowText), 1.5));
        p.drawLine(x0, y, x1, y);
        p.drawLine(x1, y, x1 - 6, y - 4);
        p.drawLine(x1, y, x1 - 6, y + 4);
        if (serverLink) {
            QFont small = font();
            small.setPointSizeF(font().pointSizeF() * 0.85);
            p.setFont(small);
            const QString label = serverLinkLabel();
            const int w = p.fontMetrics().horizontalAdvance(label);
            p.setPen(exposed ? errorColor : QColor(0x2e, 0x7d, 0x32));
            p.drawText(QPoint(x0 + (x1 - x0 - w) / 2, top - 6), label);
            p.setFont(font());
        }
    }
}

} // namespace mailshim
