#include "studies/trainingpreview.h"

#include "core/intensitynormalisation.h"
#include "core/slicesampler.h"
#include "studies/grayimage.h"

namespace tr::studies {

core::Result<std::vector<PreviewImage>> trainingPreview(
    Project& project, const QString& pseudonym, core::AugmentationGrid grid, int matrix)
{
    auto record = project.volume(pseudonym);
    if (!record)
        return record.error();
    auto volume = project.loadVolume(pseudonym);
    if (!volume)
        return volume.error();
    auto preview = trainingPreview(std::move(*volume), record->landmarks, std::move(grid), matrix);
    if (!preview) {
        auto error = preview.error();
        error.subject = pseudonym.toStdString() + " (" + error.subject + ")";
        return error;
    }
    return preview;
}

core::Result<std::vector<PreviewImage>> trainingPreview(core::Volume volume, const core::Landmarks& landmarks,
    core::AugmentationGrid grid, int matrix)
{
    auto frame = core::alignedFrameFromLandmarks(landmarks);
    if (!frame)
        return frame.error();
    core::normaliseIntensities(volume);
    grid.matrix = matrix;
    if (const auto problems = grid.problems(); !problems.empty())
        return core::Error{core::ErrorCode::InvalidArgument, "grid", problems.front(), {}};
    const core::SliceSampler sampler(volume, *frame, grid);

    // The grid's steps of its extremes and centre.
    const int lrLast = grid.leftRight.count() - 1, apLast = grid.anteriorPosterior.count() - 1;
    const int ccLast = grid.cranioCaudal.count() - 1, offLast = int(grid.offsetsMm.size()) - 1;
    const int lrMid = lrLast / 2, apMid = apLast / 2, ccMid = ccLast / 2, offMid = offLast / 2;
    const auto degrees = [](double d) { return QStringLiteral("%1%2\u00b0").arg(d > 0 ? QStringLiteral("+") : QString()).arg(d); };
    struct Pick {
        int lr, ap, cc, off;
        bool flipped;
        QString label;
    };
    const std::vector<Pick> picks{
        {lrMid, apMid, ccMid, offMid, false, QStringLiteral("centre")},
        {0, apMid, ccMid, offMid, false, QStringLiteral("L-R ") + degrees(grid.leftRight.at(0))},
        {lrLast, apMid, ccMid, offMid, false, QStringLiteral("L-R ") + degrees(grid.leftRight.at(lrLast))},
        {lrMid, 0, ccMid, offMid, false, QStringLiteral("A-P ") + degrees(grid.anteriorPosterior.at(0))},
        {lrMid, apLast, ccMid, offMid, false, QStringLiteral("A-P ") + degrees(grid.anteriorPosterior.at(apLast))},
        {lrMid, apMid, 0, offMid, false, QStringLiteral("C-C ") + degrees(grid.cranioCaudal.at(0))},
        {lrMid, apMid, ccMid, 0, false, QStringLiteral("offset %1 mm").arg(grid.offsetsMm.front())},
        {lrMid, apMid, ccMid, offLast, false, QStringLiteral("offset +%1 mm").arg(grid.offsetsMm.back())},
        {lrMid, apMid, ccMid, offMid, true, QStringLiteral("centre, flipped")},
    };
    std::vector<PreviewImage> out;
    std::vector<float> pixels(sampler.pixelCount());
    for (const Pick& p : picks) {
        if (p.flipped && !grid.flip)
            continue;
        const std::size_t index = grid.index(p.lr, p.ap, p.cc, p.off, p.flipped);
        sampler.sample(index, pixels);
        out.push_back({toGrayImage(pixels, matrix), p.label, index});
    }
    return out;
}

} // namespace tr::studies
