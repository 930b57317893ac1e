// The control channel's wire format (service/control/ControlProtocol): FrameReader cutting a byte stream into frames
// (reads cut anywhere, frames over the 1 MiB cap made from filler so that the skip-and-report path runs), decode() of
// every frame, and the decoders both ends apply to what the other sent: status, log records, config (through
// ConfigLoader), config issues. Requests as the service executes them are fuzz_controlchannel's.

#include "fuzzsupport.h"
#include "service/control/controlprotocol.h"

using namespace mailshim;

namespace {

void decodeEverything(const QJsonObject &object)
{
    (void)ControlProtocol::statusFromJson(object.value(QStringLiteral("status")).toObject());
    (void)ControlProtocol::statusFromJson(object);
    (void)ControlProtocol::logRecordFromJson(object.value(QStringLiteral("record")).toObject());
    (void)ControlProtocol::logRecordFromJson(object);
    (void)ControlProtocol::issuesFromJson(object.value(QStringLiteral("issues")).toArray());
    const ConfigLoadResult config = ControlProtocol::configFromJson(object.value(QStringLiteral("config")).toObject());
    if (config.ok())
        (void)ControlProtocol::configToJson(config.config);
    // What a peer sends back is read the same way.
    QString error;
    const std::optional<QJsonObject> again =
        ControlProtocol::decode(ControlProtocol::encode(object).chopped(1), &error);
    FUZZ_CHECK(again.has_value());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::quietQtLog();
    FuzzedDataProvider in(data, size);
    ControlProtocol::FrameReader reader;
    while (in.remaining_bytes() > 0) {
        QByteArray chunk;
        if (in.ConsumeIntegralInRange<int>(0, 63) == 0) // rarely: a megabyte costs as much as a thousand small frames
            chunk = QByteArray(in.ConsumeIntegralInRange<int>(8, 20) * 64 * 1024, 'x'); // towards and past the cap
        else
            chunk = fuzz::takeBytes(in, 2048);
        reader.append(chunk);
        while (const std::optional<ControlProtocol::FrameReader::Line> line = reader.next()) {
            if (line->tooLong) {
                FUZZ_CHECK(line->text.isEmpty());
                continue;
            }
            FUZZ_CHECK(line->text.size() <= ControlProtocol::kMaxLineBytes);
            FUZZ_CHECK(!line->text.contains('\n'));
            QString error;
            const std::optional<QJsonObject> object = ControlProtocol::decode(line->text, &error);
            FUZZ_CHECK(object.has_value() == error.isEmpty());
            if (object)
                decodeEverything(*object);
        }
    }
    return 0;
}
