// ResponseTracker: the relay's view of the server stream. Bodies pass through verbatim (dot-stuffing
// untouched) however the bytes are split; the terminator is found across reads; CAPA loses STLS/SASL.

#include "pop3/pop3codec.h"

#include <QRandomGenerator>
#include <QTest>

using namespace mailshim;

namespace {
struct Run
{
    QByteArray forwarded;
    int completed = 0;
    bool error = false;
};

// Feeds `stream` in pieces of `step` bytes (0: all at once).
Run feedInPieces(ResponseTracker &tracker, const QByteArray &stream, int step)
{
    Run run;
    const int n = step > 0 ? step : int(stream.size());
    for (int i = 0; i < stream.size(); i += n) {
        const ResponseTracker::Output out = tracker.feed(stream.mid(i, n));
        run.forwarded += out.forward;
        run.completed += out.completedResponses;
        run.error = run.error || out.protocolError;
        if (out.protocolError)
            break;
    }
    return run;
}

// Where a multi-line response that starts at `from` (after its status line) ends, by the book: the first line that
// is exactly "." (CRLF or a bare LF), found line by line. -1: not in the stream.
qsizetype endByLines(const QByteArray &stream, qsizetype from)
{
    while (from < stream.size()) {
        const qsizetype lf = stream.indexOf('\n', from);
        if (lf < 0)
            return -1;
        const QByteArray line = stream.mid(from, lf - from);
        if (line == "." || line == ".\r")
            return lf + 1;
        from = lf + 1;
    }
    return -1;
}
} // namespace

class TestResponseTracker : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void verbatim_data()
    {
        QTest::addColumn<int>("step");
        for (int step : {0, 1, 2, 3, 5, 7, 64})
            QTest::newRow(qPrintable(QStringLiteral("step %1").arg(step))) << step;
    }
    void verbatim()
    {
        QFETCH(int, step);
        const QByteArray retr = "+OK 120 octets\r\n"
                                "Subject: dots\r\n\r\n"
                                "..leading dot stuffed\r\n"
                                "...two\r\n"
                                "..\r\n" // a line that is a single dot, stuffed
                                ". not the end\r\n"
                                ".\r\n";
        const QByteArray stream = "+OK 2 messages\r\n" + retr + "-ERR no such message\r\n" + "+OK\r\n1 10\r\n.\r\n";
        ResponseTracker tracker;
        tracker.expect(ResponseKind::SingleLine);    // STAT
        tracker.expect(ResponseKind::MultiLineIfOk); // RETR 1
        tracker.expect(ResponseKind::MultiLineIfOk); // RETR 9 fails: single line
        tracker.expect(ResponseKind::MultiLineIfOk); // LIST
        const Run run = feedInPieces(tracker, stream, step);
        QVERIFY(!run.error);
        QCOMPARE(run.forwarded, stream);
        QCOMPARE(run.completed, 4);
        QCOMPARE(tracker.pendingResponses(), 0);
        QVERIFY(tracker.atResponseBoundary());
    }

    void terminatorNotYetSeen()
    {
        ResponseTracker tracker;
        tracker.expect(ResponseKind::MultiLineIfOk);
        Run run = feedInPieces(tracker, "+OK\r\nline\r\n.", 0);
        QCOMPARE(run.completed, 0);
        QVERIFY(tracker.inBody());
        run = feedInPieces(tracker, "\r", 0);
        QCOMPARE(run.completed, 0);
        run = feedInPieces(tracker, "\n", 0);
        QCOMPARE(run.completed, 1);
    }

    void capaFiltered_data()
    {
        QTest::addColumn<int>("step");
        for (int step : {0, 1, 4})
            QTest::newRow(qPrintable(QStringLiteral("step %1").arg(step))) << step;
    }
    void capaFiltered()
    {
        QFETCH(int, step);
        ResponseTracker tracker;
        tracker.expect(ResponseKind::Capabilities);
        tracker.expect(ResponseKind::SingleLine);
        const Run run = feedInPieces(tracker, "+OK\r\nTOP\r\nSTLS\r\nSASL PLAIN\r\nUIDL\r\n.\r\n+OK 1 2\r\n", step);
        QVERIFY(!run.error);
        QCOMPARE(run.forwarded, QByteArray("+OK\r\nTOP\r\nUIDL\r\n.\r\n+OK 1 2\r\n"));
        QCOMPARE(run.completed, 2);
    }

    void capaRefusedPassesThrough()
    {
        ResponseTracker tracker;
        tracker.expect(ResponseKind::Capabilities);
        const Run run = feedInPieces(tracker, "-ERR no CAPA here\r\n", 1);
        QCOMPARE(run.forwarded, QByteArray("-ERR no CAPA here\r\n"));
        QCOMPARE(run.completed, 1);
    }

    void protocolErrors()
    {
        {
            ResponseTracker tracker;
            QVERIFY(tracker.feed("+OK unsolicited\r\n").protocolError);
        }
        {
            ResponseTracker tracker;
            tracker.expect(ResponseKind::SingleLine);
            QVERIFY(tracker.feed("* OK this is IMAP\r\n").protocolError);
        }
        {
            ResponseTracker tracker(64);
            tracker.expect(ResponseKind::SingleLine);
            QVERIFY(tracker.feed("+OK " + QByteArray(100, 'x')).protocolError);
        }
        {
            ResponseTracker tracker(8192, 64);
            tracker.expect(ResponseKind::Capabilities);
            QVERIFY(feedInPieces(tracker, "+OK\r\n" + QByteArray(100, 'x') + "\r\n.\r\n", 0).error);
        }
    }

    // Bodies thick with dots (inside lines, at line starts, stuffed, before CR and bare LF, at every read boundary):
    // the tracker must end each response exactly where a line-by-line reading does, however the stream is cut.
    void dotsAnywhereEndWhereTheLinesSay()
    {
        QRandomGenerator random(20261123);
        const QByteArrayList pieces{".", "..", "a", "a.b", "\r\n", "\n", "\r", ". ", ".\r", "x."};
        for (int round = 0; round < 500; ++round) {
            QByteArray stream;
            QList<qsizetype> ends; // where each response ends
            const int responses = 1 + int(random.bounded(3));
            for (int r = 0; r < responses; ++r) {
                stream += "+OK\r\n";
                const qsizetype bodyStart = stream.size();
                for (;;) {
                    QByteArray body;
                    for (int k = int(random.bounded(40)); k > 0; --k)
                        body += pieces.at(int(random.bounded(pieces.size())));
                    // Stuff it as a server would, so the body cannot end early; then its terminator.
                    QByteArray stuffed;
                    bool lineStart = true;
                    for (const char c : std::as_const(body)) {
                        if (lineStart && c == '.')
                            stuffed += '.';
                        stuffed += c;
                        lineStart = c == '\n';
                    }
                    stuffed += lineStart ? "" : "\r\n";
                    stuffed += random.bounded(2) ? ".\r\n" : ".\n";
                    if (endByLines(stream + stuffed, bodyStart) == bodyStart + stuffed.size()) {
                        stream += stuffed;
                        break;
                    }
                }
                ends << stream.size();
            }
            const int step = 1 + int(random.bounded(12));
            ResponseTracker tracker;
            for (int r = 0; r < responses; ++r)
                tracker.expect(ResponseKind::MultiLineIfOk);
            int completed = 0;
            for (qsizetype at = 0; at < stream.size(); at += step) {
                const QByteArray piece = stream.mid(at, step);
                const ResponseTracker::Output out = tracker.feed(piece);
                QVERIFY2(!out.protocolError, out.errorText.constData());
                for (int k = 0; k < out.completedResponses; ++k, ++completed) {
                    // A response may only complete in the piece that holds its last byte.
                    QVERIFY2(ends.at(completed) > at && ends.at(completed) <= at + piece.size(),
                             qPrintable(QStringLiteral("round %1: response %2 ended in the wrong piece")
                                            .arg(round)
                                            .arg(completed)));
                }
            }
            QCOMPARE(completed, responses);
            QVERIFY(tracker.atResponseBoundary());
        }
    }

    void largeBodySharesTheChunk()
    {
        ResponseTracker tracker;
        tracker.expect(ResponseKind::MultiLineIfOk);
        tracker.feed("+OK\r\n");
        const QByteArray chunk(256 * 1024, 'a');
        const ResponseTracker::Output out = tracker.feed(chunk);
        QCOMPARE(out.forward.size(), chunk.size());
        QCOMPARE(out.forward.constData(), chunk.constData()); // no copy on the hot path
    }
};

QTEST_GUILESS_MAIN(TestResponseTracker)
#include "tst_responsetracker.moc"
