// libFuzzer target for message bodies: PidTagRtfCompressed decompression (MS-OXRTFCP), RTF text
// and HTML de-encapsulation (MS-OXRTFEX), and HTML to text. None may crash, hang or leak; the
// decompressor may only fail with BlobError.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "converters/mapi/blob_reader.h"
#include "converters/mapi/body/html_text.h"
#include "converters/mapi/body/rtf_decompress.h"
#include "converters/mapi/body/rtf_text.h"

using namespace calbridge::mapi;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> bytes(data, size);
    try {
        const std::string rtf = decompress_rtf(bytes);
        (void)rtf_to_content(rtf);
    } catch (const BlobError&) {
        // Malformed streams are reported, not crashed on.
    }
    const std::string_view raw(reinterpret_cast<const char*>(data), size);
    (void)rtf_to_content(raw);
    (void)html_to_text(raw);
    return 0;
}
