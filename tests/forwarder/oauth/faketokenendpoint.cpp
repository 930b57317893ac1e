#include "faketokenendpoint.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTimer>

FakeTokenEndpoint::FakeTokenEndpoint()
{
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_server.nextPendingConnection())
            serve(socket);
    });
}

bool FakeTokenEndpoint::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QUrl FakeTokenEndpoint::url(const QString &path) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(path));
}

FakeTokenEndpoint::Reply FakeTokenEndpoint::tokens(const QByteArray &access, const QByteArray &refresh, int expiresIn)
{
    QJsonObject object{{QStringLiteral("access_token"), QString::fromUtf8(access)},
                       {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                       {QStringLiteral("expires_in"), expiresIn}};
    if (!refresh.isEmpty())
        object.insert(QStringLiteral("refresh_token"), QString::fromUtf8(refresh));
    return {200, QJsonDocument(object).toJson(QJsonDocument::Compact)};
}

FakeTokenEndpoint::Reply FakeTokenEndpoint::error(int status, const QByteArray &error, const QByteArray &description)
{
    QJsonObject object{{QStringLiteral("error"), QString::fromUtf8(error)}};
    if (!description.isEmpty())
        object.insert(QStringLiteral("error_description"), QString::fromUtf8(description));
    return {status, QJsonDocument(object).toJson(QJsonDocument::Compact)};
}

void FakeTokenEndpoint::serve(QTcpSocket *socket)
{
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    auto buffer = std::make_shared<QByteArray>();
    connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer] {
        buffer->append(socket->readAll());
        const qsizetype headerEnd = buffer->indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        const QList<QByteArray> lines = buffer->left(headerEnd).split('\n');
        Request request;
        const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
        request.method = first.value(0);
        request.path = QString::fromUtf8(first.value(1));
        qsizetype length = 0;
        for (const QByteArray &line : lines.mid(1)) {
            const qsizetype colon = line.indexOf(':');
            const QByteArray name = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            if (name == "content-length")
                length = value.toLongLong();
            else if (name == "content-type")
                request.contentType = value;
        }
        if (buffer->size() < headerEnd + 4 + length)
            return;
        request.body = buffer->mid(headerEnd + 4, length);
        buffer->clear();
        request.form = QUrlQuery(QString::fromUtf8(QByteArray(request.body).replace('+', ' ')));
        requests.append(request);
        Q_EMIT requestReceived();
        const Reply reply = handler ? handler(request) : error(500, "server_error");
        if (reply.hang)
            return;
        QTimer::singleShot(reply.delayMs, socket, [socket, reply] {
            if (reply.drop) {
                socket->abort();
                return;
            }
            QByteArray answer = "HTTP/1.1 " + QByteArray::number(reply.status) + " Whatever\r\n" +
                                "Content-Type: application/json\r\nCache-Control: no-store\r\n" +
                                "Content-Length: " + QByteArray::number(reply.body.size()) +
                                "\r\nConnection: close\r\n\r\n" + reply.body;
            socket->write(answer);
            socket->disconnectFromHost();
        });
    });
}
