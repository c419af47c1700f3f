#include "core/io/landmarksuggestion.h"

#include "core/demodata.h"
#include "core/intensitynormalisation.h"
#include "core/io/itkvolume.h"
#include "core/io/volumereader.h"
#include "core/templatelandmarks.h"

#include <itkAffineTransform.h>
#include <itkCenteredTransformInitializer.h>
#include <itkImageRegistrationMethodv4.h>
#include <itkMattesMutualInformationImageToImageMetricv4.h>
#include <itkMersenneTwisterRandomVariateGenerator.h>
#include <itkMultiThreaderBase.h>
#include <itkRegistrationParameterScalesFromPhysicalShift.h>
#include <itkRegularStepGradientDescentOptimizerv4.h>
#include <itkVersorRigid3DTransform.h>

#include <cmath>
#include <sstream>

namespace tr::core::io {

namespace {

using Rigid = itk::VersorRigid3DTransform<double>;
using Affine = itk::AffineTransform<double, 3>;
using Metric = itk::MattesMutualInformationImageToImageMetricv4<ItkVolume, ItkVolume>;
using Optimizer = itk::RegularStepGradientDescentOptimizerv4<double>;

// One registration stage: template (fixed) to scan (moving), so the transform
// maps template points to scan points, which is the direction landmarks travel.
template <typename Transform>
double runStage(const ItkVolume::Pointer& fixed, const ItkVolume::Pointer& moving, Transform* transform,
    const itk::Array<unsigned>& shrink, const itk::Array<double>& smoothing, const std::vector<double>& sampling,
    unsigned iterations, double learningRate, const SuggestionSettings& settings)
{
    using Registration = itk::ImageRegistrationMethodv4<ItkVolume, ItkVolume, Transform>;
    // The scales estimator samples a rigid transform's domain with a random
    // iterator that it cannot be given a seed: its generator is seeded from ITK's
    // global one, which seeds itself from the clock. Seeding the global one here
    // makes each stage, and so the landmarks, bit-reproducible (they moved by
    // ~0.002 mm from run to run). One suggestion at a time per process (the
    // workspace runs one; the CLI one per command).
    itk::Statistics::MersenneTwisterRandomVariateGenerator::GetInstance()->SetSeed(settings.randomSeed);
    auto metric = Metric::New();
    metric->SetNumberOfHistogramBins(32);
    auto scales = itk::RegistrationParameterScalesFromPhysicalShift<Metric>::New();
    scales->SetMetric(metric);
    auto optimizer = Optimizer::New();
    optimizer->SetLearningRate(learningRate);
    optimizer->SetMinimumStepLength(1e-3);
    optimizer->SetRelaxationFactor(0.5);
    optimizer->SetNumberOfIterations(iterations);
    optimizer->SetScalesEstimator(scales);
    optimizer->SetReturnBestParametersAndValue(true);

    auto registration = Registration::New();
    registration->SetFixedImage(fixed);
    registration->SetMovingImage(moving);
    registration->SetMetric(metric);
    registration->SetOptimizer(optimizer);
    registration->SetInitialTransform(transform);
    registration->InPlaceOn();
    registration->SetNumberOfLevels(shrink.size());
    registration->SetShrinkFactorsPerLevel(shrink);
    registration->SetSmoothingSigmasPerLevel(smoothing);
    registration->SetSmoothingSigmasAreSpecifiedInPhysicalUnits(true);
    registration->SetMetricSamplingStrategy(Registration::MetricSamplingStrategyEnum::RANDOM);
    typename Registration::MetricSamplingPercentageArrayType percentages(sampling.size());
    for (std::size_t i = 0; i < sampling.size(); ++i)
        percentages[i] = sampling[i];
    registration->SetMetricSamplingPercentagePerLevel(percentages);
    registration->MetricSamplingReinitializeSeed(static_cast<int>(settings.randomSeed));
    if (settings.threads)
        registration->SetNumberOfWorkUnits(settings.threads);
    registration->Update();
    return optimizer->GetValue();
}

double degreesOf(double radians) { return radians * 180.0 / 3.14159265358979323846; }

} // namespace

bool looksSkullStripped(const Volume& scan)
{
    // Skull-stripped heads have background all around the brain: more than
    // about 70% of a typical field of view is exactly the background value.
    if (scan.voxels.empty())
        return false;
    const float background = *std::min_element(scan.voxels.begin(), scan.voxels.end());
    const auto zeros = std::count(scan.voxels.begin(), scan.voxels.end(), background);
    return double(zeros) / double(scan.voxels.size()) > 0.6;
}

Result<LandmarkSuggestion> suggestLandmarks(const Volume& scan, const Volume& atlas, const Landmarks& atlasLandmarks,
    const SuggestionSettings& settings, const std::function<void(const std::string&)>& progress)
{
    if (!atlasLandmarks.complete())
        return Error{ErrorCode::InvalidArgument, "template landmarks", "all four template landmarks are needed.", {}};
    auto say = [&](const std::string& s) {
        if (progress)
            progress(s);
    };
    // Bit-reproducible landmarks: with more than one thread, ITK's v4 metric
    // and registration sum partial results in the order the threads finish, and
    // floating-point addition is not associative, so the landmarks moved by
    // ~0.002 mm from run to run (and with them every training and pool image).
    // The whole suggestion therefore runs on one ITK thread unless the caller
    // asks for more: measured here on one IXI volume, about 8 s instead of 5 s.
    struct OneThread {
        int before = itk::MultiThreaderBase::GetGlobalDefaultNumberOfThreads();
        explicit OneThread(unsigned threads) { itk::MultiThreaderBase::SetGlobalDefaultNumberOfThreads(threads ? int(threads) : 1); }
        ~OneThread() { itk::MultiThreaderBase::SetGlobalDefaultNumberOfThreads(before); }
        OneThread(const OneThread&) = delete;
        OneThread& operator=(const OneThread&) = delete;
    } threadsForThisSuggestion(settings.threads);
    Volume fixedVolume = atlas, movingVolume = scan;
    normaliseIntensities(fixedVolume);
    normaliseIntensities(movingVolume);
    const auto fixed = toItk(fixedVolume);
    const auto moving = toItk(movingVolume);

    LandmarkSuggestion result;
    try {
        auto rigid = Rigid::New();
        auto initializer = itk::CenteredTransformInitializer<Rigid, ItkVolume, ItkVolume>::New();
        initializer->SetTransform(rigid);
        initializer->SetFixedImage(fixed);
        initializer->SetMovingImage(moving);
        initializer->MomentsOn(); // centres of mass: robust to different fields of view
        initializer->InitializeTransform();

        itk::Array<unsigned> shrink(3);
        shrink[0] = 6; shrink[1] = 4; shrink[2] = 2;
        itk::Array<double> smoothing(3);
        smoothing[0] = 4.0; smoothing[1] = 2.0; smoothing[2] = 1.0;
        say("rigid registration to the template (3 levels)");
        result.rigidMetric = runStage(fixed, moving, rigid.GetPointer(), shrink, smoothing, {0.5, 0.25, 0.1},
            200, 1.0, settings);
        result.finalMetric = result.rigidMetric;

        itk::Transform<double, 3, 3>::Pointer final = rigid;
        std::ostringstream summary;
        const auto versor = rigid->GetVersor();
        summary.precision(3);
        summary << "rigid: rotation " << degreesOf(versor.GetAngle()) << " deg, MI " << result.rigidMetric;
        if (settings.affine) {
            auto affine = Affine::New();
            affine->SetCenter(rigid->GetCenter());
            affine->SetMatrix(rigid->GetMatrix());
            affine->SetTranslation(rigid->GetTranslation());
            itk::Array<unsigned> affineShrink(2);
            affineShrink[0] = 4; affineShrink[1] = 2;
            itk::Array<double> affineSmoothing(2);
            affineSmoothing[0] = 2.0; affineSmoothing[1] = 1.0;
            say("affine registration to the template (2 levels)");
            const double value = runStage(fixed, moving, affine.GetPointer(), affineShrink, affineSmoothing,
                {0.25, 0.1}, 200, 1.0, settings);
            // Keep the affine result only when it matches better: on a poor
            // scan an unconstrained scale can run away.
            if (value < result.rigidMetric) {
                final = affine;
                result.finalMetric = value;
                const auto m = affine->GetMatrix();
                summary << "; affine: scale " << std::cbrt(vnl_determinant(m.GetVnlMatrix().as_matrix()))
                        << ", MI " << value;
            } else {
                summary << "; affine stage did not improve the match and was dropped";
            }
        }
        result.summary = summary.str();
        for (auto l : kAllLandmarks) {
            const Vec3& p = *atlasLandmarks[l];
            const auto mapped = final->TransformPoint(itk::Point<double, 3>(p.data()));
            result.landmarks[l] = Vec3{mapped[0], mapped[1], mapped[2]};
        }
    } catch (const itk::ExceptionObject& e) {
        return Error{ErrorCode::Internal, "landmark suggestion",
            "Registration to the template failed; place the landmarks by hand.", e.GetDescription()};
    }
    return result;
}

Result<LandmarkSuggestion> suggestLandmarksFromColin27(
    const Volume& scan, const SuggestionSettings& settings, const std::function<void(const std::string&)>& progress)
{
    const char* path = looksSkullStripped(scan) ? kColin27BrainPath : kColin27Path;
    auto atlas = readVolume(path);
    if (!atlas) {
        auto error = atlas.error();
        error.message += " The template comes with Debian's mricron-data package; install it (the set-up does).";
        return error;
    }
    if (progress)
        progress(std::string("template: ") + path);
    return suggestLandmarks(scan, *atlas, colin27Landmarks(), settings, progress);
}

} // namespace tr::core::io
