// Benchmark (not a test): one volume's full training set, the paper's 48,510
// sections at 256 x 256 with trilinear interpolation, generated in memory by
// core's SliceSampler, against a baseline that resamples the whole volume with
// ITK's ResampleImageFilter per orientation and then extracts the sections.
//
//   bench_augmentation [VOLUME] [--threads N] [--baseline-orientations N]
//
// The baseline is timed on N orientations (default 12) and extrapolated to the
// grid's 4,851: run in full it would take hours. Both use the same thread count.
// Images are quantised to 8 bits and checksummed so the work cannot be optimised
// away; nothing is written to disk.

#include "core/augmentationgrid.h"
#include "core/demodata.h"
#include "core/intensitynormalisation.h"
#include "core/io/itkvolume.h"
#include "core/io/volumereader.h"
#include "core/slicesampler.h"

#include <itkEuler3DTransform.h>
#include <itkImage.h>
#include <itkLinearInterpolateImageFunction.h>
#include <itkMultiThreaderBase.h>
#include <itkResampleImageFilter.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

using namespace tr::core;
using Clock = std::chrono::steady_clock;

namespace {

using ImageType = tr::core::io::ItkVolume;

double seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

std::uint64_t checksum8(const float* pixels, std::size_t n)
{
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < n; ++i)
        sum += static_cast<std::uint8_t>(pixels[i] * 255.0f + 0.5f);
    return sum;
}

// The flipped image: each row of the n x n image reversed.
std::uint64_t mirroredChecksum(const std::vector<float>& image, std::vector<float>& mirrored, std::size_t n)
{
    for (std::size_t row = 0; row < n; ++row)
        std::reverse_copy(image.begin() + std::ptrdiff_t(row * n), image.begin() + std::ptrdiff_t((row + 1) * n),
            mirrored.begin() + std::ptrdiff_t(row * n));
    return checksum8(mirrored.data(), mirrored.size());
}

// Ours: each thread takes whole orientations; every unflipped section is sampled
// once and its flipped neighbour is the mirrored copy.
std::uint64_t generateAll(const SliceSampler& sampler, unsigned threads)
{
    const auto& grid = sampler.grid();
    const std::size_t perOrientation = grid.sectionsPerOrientation() * grid.flipCount();
    std::atomic<std::size_t> next{0};
    std::atomic<std::uint64_t> total{0};
    auto work = [&] {
        std::vector<float> image(sampler.pixelCount()), mirrored(sampler.pixelCount());
        std::uint64_t sum = 0;
        const auto n = static_cast<std::size_t>(grid.matrix);
        for (std::size_t o = next++; o < grid.orientationCount(); o = next++) {
            for (std::size_t s = 0; s < grid.sectionsPerOrientation(); ++s) {
                const std::size_t index = o * perOrientation + s * grid.flipCount();
                sampler.sample(index, image);
                sum += checksum8(image.data(), image.size());
                if (grid.flip)
                    sum += mirroredChecksum(image, mirrored, n);
            }
        }
        total += sum;
    };
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t)
        pool.emplace_back(work);
    for (auto& t : pool)
        t.join();
    return total;
}

// Baseline: per orientation, resample the whole volume onto a 256 x 256 grid
// (the output matrix and field of view) x the volume's full cranio-caudal extent
// at 1 mm, turned by the orientation about the aligned centre, then extract the
// five sections (and mirror them) from the resampled volume.
std::uint64_t baseline(const Volume& v, const AlignedFrame& frame, const AugmentationGrid& grid,
    std::size_t orientations)
{
    const auto input = tr::core::io::toItk(v);
    const auto n = static_cast<std::size_t>(grid.matrix);
    const double extent = double(v.size[2]) * v.spacing[2];
    const auto slices = static_cast<std::size_t>(extent); // 1 mm apart
    const double half = (double(n) - 1) / 2.0;
    std::uint64_t sum = 0;
    std::vector<float> image(n * n), mirrored(n * n);
    const std::size_t perOrientation = grid.sectionsPerOrientation() * grid.flipCount();
    for (std::size_t o = 0; o < orientations; ++o) {
        const auto s = grid.sample(o * perOrientation);
        const Mat3 axes = frame.axes * SliceSampler::rotationFor(s);
        auto resampler = itk::ResampleImageFilter<ImageType, ImageType>::New();
        resampler->SetInput(input);
        resampler->SetInterpolator(itk::LinearInterpolateImageFunction<ImageType, double>::New());
        resampler->SetDefaultPixelValue(0.0f);
        ImageType::SizeType size{{n, n, slices}};
        ImageType::SpacingType spacing;
        spacing[0] = spacing[1] = grid.pixelSizeMm();
        spacing[2] = 1.0;
        ImageType::DirectionType direction;
        for (unsigned r = 0; r < 3; ++r)
            for (unsigned c = 0; c < 3; ++c)
                direction(r, c) = axes[r * 3 + c];
        const Vec3 corner = frame.origin
            + axes * Vec3{-half * grid.pixelSizeMm(), -half * grid.pixelSizeMm(), -double(slices / 2)};
        ImageType::PointType origin;
        for (unsigned d = 0; d < 3; ++d)
            origin[d] = corner[d];
        resampler->SetSize(size);
        resampler->SetOutputSpacing(spacing);
        resampler->SetOutputOrigin(origin);
        resampler->SetOutputDirection(direction);
        resampler->Update();
        const float* out = resampler->GetOutput()->GetBufferPointer();
        for (double offset : grid.offsetsMm) {
            const auto k = static_cast<std::size_t>(double(slices / 2) + offset);
            std::copy(out + k * n * n, out + (k + 1) * n * n, image.begin());
            sum += checksum8(image.data(), image.size());
            if (grid.flip)
                sum += mirroredChecksum(image, mirrored, n);
        }
    }
    return sum;
}

} // namespace

int main(int argc, char** argv)
{
    std::string path = kColin27Path;
    unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    std::size_t baselineOrientations = 12;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--threads" && i + 1 < argc)
            threads = static_cast<unsigned>(std::stoul(argv[++i]));
        else if (arg == "--baseline-orientations" && i + 1 < argc)
            baselineOrientations = std::stoul(argv[++i]);
        else if (arg.rfind("--", 0) == 0) {
            std::cerr << "usage: bench_augmentation [VOLUME] [--threads N] [--baseline-orientations N]\n";
            return 2;
        } else
            path = arg;
    }
    auto volume = tr::core::io::readVolume(path);
    if (!volume) {
        std::cerr << "error: " << volume.error().toString() << '\n';
        return 1;
    }
    normaliseIntensities(*volume);
    // Alignment does not change the cost; the volume centre with scanner axes.
    AlignedFrame frame;
    for (int d = 0; d < 3; ++d)
        frame.origin[std::size_t(d)] = volume->origin[std::size_t(d)]
            + volume->spacing[std::size_t(d)] * (double(volume->size[std::size_t(d)]) - 1) / 2.0;
    const AugmentationGrid grid;
    itk::MultiThreaderBase::SetGlobalDefaultNumberOfThreads(static_cast<int>(threads));

    std::printf("volume: %s (%zu x %zu x %zu)\n", path.c_str(), volume->size[0], volume->size[1], volume->size[2]);
    std::printf("grid: %s -> %zu images\nthreads: %u\n", grid.toString().c_str(), grid.count(), threads);

    auto t0 = Clock::now();
    const SliceSampler sampler(*volume, frame, grid);
    const std::uint64_t ours = generateAll(sampler, threads);
    const double oursSeconds = seconds(t0);
    const double oursRate = double(grid.count()) / oursSeconds;
    std::printf("ours:     %zu images in %.1f s = %.0f slices/s (checksum %llu)\n", grid.count(), oursSeconds,
        oursRate, static_cast<unsigned long long>(ours));

    t0 = Clock::now();
    const std::uint64_t base = baseline(*volume, frame, grid, baselineOrientations);
    const double baseSeconds = seconds(t0);
    const std::size_t baseImages = baselineOrientations * grid.sectionsPerOrientation() * grid.flipCount();
    const double baseRate = double(baseImages) / baseSeconds;
    std::printf("baseline: %zu images (%zu orientations) in %.1f s = %.0f slices/s (checksum %llu); "
                "the full set would take %.0f s\n",
        baseImages, baselineOrientations, baseSeconds, baseRate, static_cast<unsigned long long>(base),
        double(grid.count()) / baseRate);
    std::printf("speed-up: %.1fx (target >= 5x); full set %s 60 s target\n", oursRate / baseRate,
        oursSeconds < 60.0 ? "within" : "OVER");
    return 0;
}
