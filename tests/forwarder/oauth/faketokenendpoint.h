#pragma once

// FakeTokenEndpoint: a small HTTP/1.1 server on 127.0.0.1 (QTcpServer) that plays a token endpoint or a discovery
// document for faults a real provider will not produce on demand: 5xx, a hang, a dropped connection, a scripted
// invalid_grant. It records every request (path and form fields) and answers through a handler the test sets.

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QTcpServer>
#include <QUrl>
#include <QUrlQuery>
#include <functional>

class FakeTokenEndpoint : public QObject
{
    Q_OBJECT
public:
    struct Request
    {
        QByteArray method;
        QString path;
        QByteArray contentType;
        QByteArray body;
        QUrlQuery form; // body as application/x-www-form-urlencoded
        QString field(const QString &name) const { return form.queryItemValue(name, QUrl::FullyDecoded); }
    };
    struct Reply
    {
        int status = 200;
        QByteArray body;
        int delayMs = 0;
        bool hang = false; // never answer
        bool drop = false; // close the connection without an answer
    };

    FakeTokenEndpoint();
    bool listen();
    QUrl url(const QString &path = QStringLiteral("/token")) const;

    std::function<Reply(const Request &)> handler;
    QList<Request> requests;

    static Reply json(int status, const QByteArray &body) { return {status, body}; }
    static Reply tokens(const QByteArray &access, const QByteArray &refresh = {}, int expiresIn = 3600);
    static Reply error(int status, const QByteArray &error, const QByteArray &description = {});

Q_SIGNALS:
    void requestReceived();

private:
    void serve(QTcpSocket *socket);

    QTcpServer m_server;
};
