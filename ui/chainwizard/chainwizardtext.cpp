#include "ui/chainwizard/chainwizardtext.h"

#include "ui/common/securitytext.h"

namespace mailshim {

namespace {
QString sep(char separator)
{
    return QString(QLatin1Char(separator));
}
} // namespace

QString ChainWizardText::kindLabel(ChainHopKind kind)
{
    switch (kind) {
    case ChainHopKind::MailShim:
        return tr("MailShim (this program)");
    case ChainHopKind::Scanner:
        return tr("Antivirus proxy (takes host:user)");
    case ChainHopKind::PopFile:
        return tr("POPFile or a proxy that takes host:port:user");
    case ChainHopKind::Forwarder:
        return tr("Fixed forwarder (passes the user name on)");
    }
    return QString();
}

QString ChainWizardText::defaultName(ChainHopKind kind)
{
    switch (kind) {
    case ChainHopKind::MailShim:
        return QStringLiteral("MailShim");
    case ChainHopKind::Scanner:
        return tr("Antivirus");
    case ChainHopKind::PopFile:
        return QStringLiteral("POPFile");
    case ChainHopKind::Forwarder:
        return tr("Forwarder");
    }
    return QString();
}

QString ChainWizardText::hopName(const Chain &chain, int hop)
{
    if (hop < 0 || hop >= chain.hops.size())
        return QString();
    const QString name = chain.hops.at(hop).name;
    return name.isEmpty() ? tr("hop %1").arg(hop + 1) : name;
}

QString ChainWizardText::problem(const Chain &chain, const ChainProblem &p)
{
    using K = ChainProblem::Kind;
    const QString name = hopName(chain, p.hop);
    const QString last = hopName(chain, int(chain.hops.size()) - 1);
    switch (p.kind) {
    case K::Empty:
        return tr("The chain has no hops: add at least MailShim.");
    case K::NoServer:
        return tr("The server name or the user name at the server is missing or invalid.");
    case K::PortMissing:
        return tr("%1 has no port yet. Use \"Find free ports\".").arg(name);
    case K::PortCollision:
        return tr("%1 and %2 both listen on port %3: each hop needs its own port.")
            .arg(hopName(chain, p.otherHop), name)
            .arg(p.port);
    case K::PortOfOtherListener:
        return tr("%1 would listen on port %2, which MailShim's listener \"%3\" uses.")
            .arg(name)
            .arg(p.port)
            .arg(p.listenerName);
    case K::PortBusy:
        return tr("Another program already listens on port %1, so %2 cannot.").arg(p.port).arg(name);
    case K::ServerIsHop:
        return tr("The server is %1 itself: the mail would go round in a loop.").arg(name);
    case K::ScannerNeedsPort110:
        return tr("%1 cannot be told a port (it takes host%2user), so it always connects to port 110, but the "
                  "next hop listens elsewhere. Let the next hop listen on 110, or choose the host:port:user kind "
                  "if %1 accepts it.")
            .arg(name, sep(chain.hops.at(p.hop).separator));
    case K::ReaderAfterMailShim:
        return tr("%1 reads the mail but stands between MailShim and the server. A scanner cannot read "
                  "encrypted mail, so MailShim's encryption must be the last hop, after every scanner.")
            .arg(name);
    case K::NoTlsFromProxy:
        return tr("The server expects TLS, but the last hop, %1, speaks only plain POP3. Put MailShim last.").arg(last);
    case K::UnprotectedServerLink:
        return tr("%1 talks to the server without encryption: the password and the mail cross the network in "
                  "the clear.")
            .arg(last);
    case K::MailShimTwice:
        return tr("MailShim appears twice. One MailShim does not pass mail to its own listeners (that is how it "
                  "prevents mail loops); keep one MailShim hop.");
    case K::BadSeparator:
        return tr("The separator of %1 cannot be used here: it must be one of %2 and must not appear in the next "
                  "host name.")
            .arg(name, routingSeparatorChoices());
    }
    return p.message;
}

QString ChainWizardText::recommendationReason()
{
    return tr("The spam filter goes first, then the antivirus, and MailShim last, next to the server. Scanners cannot "
              "read encrypted mail, so they must see it after MailShim has decrypted it; "
              "the spam filter then classifies mail the antivirus has already cleaned.");
}

QString ChainWizardText::hopSetting(const Chain &chain, int hop, const ListenerConfig &listener)
{
    const ChainHop &h = chain.hops.at(hop);
    const QString name = hopName(chain, hop);
    const QString next =
        hop + 1 < chain.hops.size()
            ? QStringLiteral("%1:%2").arg(chain.hops.at(hop + 1).address).arg(chain.hops.at(hop + 1).port)
            : QStringLiteral("%1:%2").arg(chain.server.host).arg(ChainModel::serverPort(chain));
    switch (h.kind) {
    case ChainHopKind::MailShim:
        if (listener.routing.enabled)
            return tr("MailShim's listener \"%1\" listens on %2:%3 and passes user names of the form "
                      "host%4...%4user on, to %5 only.")
                .arg(listener.name, h.address)
                .arg(h.port)
                .arg(sep(h.separator), next);
        return tr("MailShim's listener \"%1\" listens on %2:%3 and connects to %4 using %5.")
            .arg(listener.name, h.address)
            .arg(h.port)
            .arg(next, listener.upstream
                           ? SecurityText::label(listener.upstream->security, listener.upstream->effectivePort())
                           : QString());
    case ChainHopKind::Scanner:
        return tr("%1: let it listen on %2:%3. It finds the next hop (%4) in the user name; it always connects to "
                  "port 110.")
            .arg(name, h.address)
            .arg(h.port)
            .arg(next);
    case ChainHopKind::PopFile:
        return tr("%1: POP3 listen port %2, separator \"%3\". It finds the next hop (%4) in the user name.")
            .arg(name)
            .arg(h.port)
            .arg(sep(h.separator), next);
    case ChainHopKind::Forwarder:
        return tr("%1: let it listen on %2:%3 and forward to %4.").arg(name, h.address).arg(h.port).arg(next);
    }
    return QString();
}

QString ChainWizardText::testResult(const ChainTestResult &r)
{
    using O = ChainTestResult::Outcome;
    const QString where = tr("%1 (%2:%3)").arg(r.hopName, r.address).arg(r.port);
    switch (r.outcome) {
    case O::Ok:
        return tr("The chain works: a login went through every hop to the server, which answered %1.").arg(r.stat);
    case O::Unreachable:
        return tr("The chain breaks at %1: nothing answers there (%2). Is that program running?").arg(where, r.reply);
    case O::NoGreeting:
        return tr("The chain breaks at %1: it does not greet like a POP3 proxy (%2).").arg(where, r.reply);
    case O::Refused:
        if (r.reply.contains(QLatin1String("[AUTH]")))
            return tr("%1 refused the login: \"%2\". This reply comes from the server behind it: check the user "
                      "name and password.")
                .arg(where, r.reply);
        return tr("The chain breaks at %1: it refused %2 with \"%3\".")
            .arg(where, QString::fromLatin1(r.command), r.reply);
    case O::Cancelled:
        break;
    }
    return tr("The test was stopped.");
}

QString ChainWizardText::testProgress(const Chain &chain, int hop, bool login)
{
    return login ? tr("Logging in at %1...").arg(hopName(chain, hop))
                 : tr("Checking that %1 answers...").arg(hopName(chain, hop));
}

} // namespace mailshim
