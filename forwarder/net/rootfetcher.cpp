#include "net/rootfetcher.h"

#include <QMutex>
#include <QMutexLocker>

#ifdef Q_OS_WIN
#include <windows.h>
// after windows.h, which defines its types
#include <wincrypt.h>
#endif

namespace mailshim {

namespace {

#ifdef Q_OS_WIN
// Windows builds the chain as it would for its own programs, downloading a root it trusts but does not hold yet
// (automatic root update), and says whether the chain ends in a trusted root.
class WindowsRootFetcher final : public RootFetcher
{
public:
    QList<QByteArray> fetchRoots(const QList<QByteArray> &chain) const override
    {
        QList<QByteArray> roots;
        if (chain.isEmpty())
            return roots;
        HCERTSTORE extra = CertOpenStore(CERT_STORE_PROV_MEMORY, 0, 0, 0, nullptr);
        if (!extra)
            return roots;
        PCCERT_CONTEXT leaf = nullptr;
        for (qsizetype i = 0; i < chain.size(); ++i) {
            const QByteArray &der = chain.at(i);
            CertAddEncodedCertificateToStore(extra, X509_ASN_ENCODING | PKCS_7_ASN_ENCODING,
                                             reinterpret_cast<const BYTE *>(der.constData()), DWORD(der.size()),
                                             CERT_STORE_ADD_ALWAYS, i == 0 ? &leaf : nullptr);
        }
        CERT_CHAIN_PARA parameters{};
        parameters.cbSize = sizeof parameters;
        PCCERT_CHAIN_CONTEXT built = nullptr;
        if (leaf && CertGetCertificateChain(nullptr, leaf, nullptr, extra, &parameters, 0, nullptr, &built) && built) {
            const DWORD problems = built->TrustStatus.dwErrorStatus;
            if (built->cChain > 0 && !(problems & (CERT_TRUST_IS_UNTRUSTED_ROOT | CERT_TRUST_IS_PARTIAL_CHAIN))) {
                const PCERT_SIMPLE_CHAIN simple = built->rgpChain[0];
                if (simple->cElement > 0) {
                    const PCCERT_CONTEXT root = simple->rgpElement[simple->cElement - 1]->pCertContext;
                    roots.append(QByteArray(reinterpret_cast<const char *>(root->pbCertEncoded),
                                            qsizetype(root->cbCertEncoded)));
                }
            }
            CertFreeCertificateChain(built);
        }
        if (leaf)
            CertFreeCertificateContext(leaf);
        CertCloseStore(extra, 0);
        return roots;
    }
};
#endif

QMutex &lock()
{
    static QMutex mutex;
    return mutex;
}

std::shared_ptr<const RootFetcher> &slot()
{
#ifdef Q_OS_WIN
    static std::shared_ptr<const RootFetcher> fetcher = std::make_shared<WindowsRootFetcher>();
#else
    static std::shared_ptr<const RootFetcher> fetcher;
#endif
    return fetcher;
}

} // namespace

std::shared_ptr<const RootFetcher> RootFetcher::current()
{
    const QMutexLocker locker(&lock());
    return slot();
}

std::shared_ptr<const RootFetcher> RootFetcher::setCurrent(std::shared_ptr<const RootFetcher> fetcher)
{
    const QMutexLocker locker(&lock());
    std::swap(slot(), fetcher);
    return fetcher;
}

} // namespace mailshim
