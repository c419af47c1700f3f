#include "gui/volume3dview.h"

#include "core/alignedframe.h"
#include "core/intensitywindow.h"
#include "core/orthogonalslice.h"

#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkFlyingEdges3D.h>
#include <vtkFloatArray.h>
#include <vtkImageData.h>
#include <vtkMatrix4x4.h>
#include <vtkPlaneSource.h>
#include <vtkPointData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkSmartPointer.h>
#include <vtkSphereSource.h>
#include <vtkTransform.h>
#include <vtkTransformPolyDataFilter.h>
#include <vtkUnsignedCharArray.h>
#include <vtkWindowToImageFilter.h>

#include <algorithm>
#include <cmath>

namespace tr::gui {

// Vec3 is a std::array: its operators are found by name, not by lookup.
using core::operator*;
using core::operator+;
using core::operator-;

namespace {

template <typename T>
vtkSmartPointer<T> make()
{
    return vtkSmartPointer<T>::New();
}

// The colours of the 2D sections' markers (datapage.cpp), as 0..1 RGB.
std::array<double, 3> landmarkRgb(core::Landmark l)
{
    switch (l) {
    case core::Landmark::AnteriorCommissure: return {1.0, 0.35, 0.35};
    case core::Landmark::PosteriorCommissure: return {0.35, 0.78, 1.0};
    case core::Landmark::MidSagittal: return {0.47, 0.9, 0.47};
    case core::Landmark::Centre: return {1.0, 0.82, 0.31};
    }
    return {1, 1, 1};
}

vtkSmartPointer<vtkActor> actorFor(vtkAlgorithmOutput* output, std::array<double, 3> rgb, double opacity)
{
    auto mapper = make<vtkPolyDataMapper>();
    mapper->SetInputConnection(output);
    mapper->ScalarVisibilityOff();
    auto actor = make<vtkActor>();
    actor->SetMapper(mapper);
    actor->GetProperty()->SetColor(rgb.data());
    actor->GetProperty()->SetOpacity(opacity);
    return actor;
}

} // namespace

struct Volume3DView::Scene {
    vtkSmartPointer<vtkRenderWindow> window = make<vtkRenderWindow>();
    vtkSmartPointer<vtkRenderer> renderer = make<vtkRenderer>();
    std::vector<vtkSmartPointer<vtkActor>> landmarkActors, planeActors;
    core::AugmentationGrid grid;
    core::Vec3 centre{0, 0, 0};
    double radius = 100;
    bool hasVolume = false;

    Scene()
    {
        window->SetOffScreenRendering(1);
        window->AddRenderer(renderer);
        renderer->SetBackground(0.08, 0.08, 0.09);
        renderer->SetBackground2(0.2, 0.2, 0.23);
        renderer->GradientBackgroundOn();
    }
};

bool Volume3DView::renderingAvailable() { return !qEnvironmentVariableIsEmpty("DISPLAY"); }

Volume3DView::Volume3DView(QWidget* parent) : QWidget(parent)
{
    setMinimumSize(200, 200);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setToolTip(tr("Drag to turn, wheel to zoom, double-click to reset"));
    if (renderingAvailable())
        m = std::make_unique<Scene>();
    else
        m_message = tr("The 3D view needs a display (VTK renders through X11); there is none here.");
}

Volume3DView::~Volume3DView() = default;

void Volume3DView::clear(const QString& message)
{
    m_message = message;
    m_frame = QImage();
    if (m) {
        m->renderer->RemoveAllViewProps();
        m->hasVolume = false;
    }
    update();
}

void Volume3DView::setVolume(const core::Volume& volume, const core::Landmarks& landmarks, const core::AugmentationGrid& grid)
{
    if (!m)
        return;
    m->renderer->RemoveAllViewProps();
    m->grid = grid;
    // Every second voxel along each axis of a large grid: the surface is for
    // orientation, and the view stays quick on a software renderer.
    const std::size_t stride = *std::max_element(volume.size.begin(), volume.size.end()) > 128 ? 2 : 1;
    const int nx = int((volume.size[0] + stride - 1) / stride), ny = int((volume.size[1] + stride - 1) / stride),
              nz = int((volume.size[2] + stride - 1) / stride);
    auto image = make<vtkImageData>();
    image->SetDimensions(nx, ny, nz);
    image->SetSpacing(volume.spacing[0] * double(stride), volume.spacing[1] * double(stride), volume.spacing[2] * double(stride));
    image->SetOrigin(0, 0, 0);
    auto scalars = make<vtkFloatArray>();
    scalars->SetNumberOfValues(vtkIdType(nx) * ny * nz);
    vtkIdType n = 0;
    for (std::size_t k = 0; k < volume.size[2]; k += stride)
        for (std::size_t j = 0; j < volume.size[1]; j += stride)
            for (std::size_t i = 0; i < volume.size[0]; i += stride)
                scalars->SetValue(n++, volume.at(i, j, k));
    image->GetPointData()->SetScalars(scalars);
    // The head's outline: a fifth of the way up the robust intensity range.
    const core::IntensityWindow w = core::percentileWindow(volume.voxels);
    auto surface = make<vtkFlyingEdges3D>();
    surface->SetInputData(image);
    surface->SetValue(0, w.low + 0.2 * (w.high - w.low));
    surface->ComputeNormalsOn();
    // Scaled voxel space -> patient LPS mm: the direction's rotation and the origin.
    auto toPatient = make<vtkMatrix4x4>();
    for (int r = 0; r < 3; ++r) {
        for (int c = 0; c < 3; ++c)
            toPatient->SetElement(r, c, volume.direction[std::size_t(r * 3 + c)]);
        toPatient->SetElement(r, 3, volume.origin[std::size_t(r)]);
    }
    auto transform = make<vtkTransform>();
    transform->SetMatrix(toPatient);
    auto placed = make<vtkTransformPolyDataFilter>();
    placed->SetInputConnection(surface->GetOutputPort());
    placed->SetTransform(transform);
    auto head = actorFor(placed->GetOutputPort(), {0.86, 0.8, 0.74}, 0.35);
    head->GetProperty()->SetSpecular(0.2);
    m->renderer->AddActor(head);
    m->centre = core::voxelToPatient(volume,
        {double(volume.size[0] - 1) / 2, double(volume.size[1] - 1) / 2, double(volume.size[2] - 1) / 2});
    m->radius = 0.5 * std::sqrt(std::pow(volume.size[0] * volume.spacing[0], 2) + std::pow(volume.size[1] * volume.spacing[1], 2)
                                + std::pow(volume.size[2] * volume.spacing[2], 2));
    m->hasVolume = true;
    m_message.clear();
    setLandmarks(landmarks);
    resetCamera();
}

void Volume3DView::setLandmarks(const core::Landmarks& landmarks)
{
    if (!m || !m->hasVolume)
        return;
    for (auto& a : m->landmarkActors)
        m->renderer->RemoveActor(a);
    for (auto& a : m->planeActors)
        m->renderer->RemoveActor(a);
    m->landmarkActors.clear();
    m->planeActors.clear();
    for (core::Landmark l : core::kAllLandmarks)
        if (const auto& p = landmarks[l]) {
            auto sphere = make<vtkSphereSource>();
            sphere->SetCenter(p->data());
            sphere->SetRadius(3.0);
            sphere->SetThetaResolution(16);
            sphere->SetPhiResolution(12);
            m->landmarkActors.push_back(actorFor(sphere->GetOutputPort(), landmarkRgb(l), 1.0));
        }
    // The training set's sections: the AC-PC aligned axial planes at the grid's
    // offsets, as wide as its field of view.
    if (auto frame = core::alignedFrameFromLandmarks(landmarks)) {
        const double half = m->grid.fieldOfViewMm / 2;
        const core::Vec3 x = core::column(frame->axes, 0), y = core::column(frame->axes, 1);
        for (double offset : m->grid.offsetsMm) {
            const core::Vec3 c = frame->toPatient({0, 0, offset});
            core::Vec3 origin = c - half * x - half * y, p1 = c + half * x - half * y, p2 = c - half * x + half * y;
            auto plane = make<vtkPlaneSource>();
            plane->SetOrigin(origin.data());
            plane->SetPoint1(p1.data());
            plane->SetPoint2(p2.data());
            m->planeActors.push_back(actorFor(plane->GetOutputPort(), {1.0, 0.78, 0.3}, offset == 0.0 ? 0.45 : 0.15));
        }
    }
    for (auto& a : m->landmarkActors)
        m->renderer->AddActor(a);
    for (auto& a : m->planeActors)
        m->renderer->AddActor(a);
    render();
}

int Volume3DView::sectionPlanes() const { return m ? int(m->planeActors.size()) : 0; }

void Volume3DView::resetCamera()
{
    if (!m || !m->hasVolume)
        return;
    // From the front, a little from the patient's right and above: the
    // patient's right on the viewer's left, as in the radiological sections.
    vtkCamera* camera = m->renderer->GetActiveCamera();
    const core::Vec3 look = core::Vec3{-0.45, -1.0, 0.35};
    const double distance = 3.2 * m->radius / core::norm(look);
    camera->SetFocalPoint(m->centre.data());
    camera->SetPosition((m->centre + distance * look).data());
    camera->SetViewUp(0, 0, 1);
    camera->SetViewAngle(30);
    m->renderer->ResetCameraClippingRange();
    render();
}

void Volume3DView::turn(double azimuthDeg, double elevationDeg)
{
    if (!m || !m->hasVolume)
        return;
    vtkCamera* camera = m->renderer->GetActiveCamera();
    camera->Azimuth(azimuthDeg);
    camera->Elevation(elevationDeg);
    camera->OrthogonalizeViewUp();
    m->renderer->ResetCameraClippingRange();
    render();
}

void Volume3DView::zoom(double factor)
{
    if (!m || !m->hasVolume)
        return;
    m->renderer->GetActiveCamera()->Dolly(factor);
    m->renderer->ResetCameraClippingRange();
    render();
}

void Volume3DView::render()
{
    if (!m || !m->hasVolume || width() < 2 || height() < 2)
        return;
    const qreal dpr = devicePixelRatioF();
    const int w = int(width() * dpr), h = int(height() * dpr);
    m->window->SetSize(w, h);
    m->window->Render();
    auto grab = make<vtkWindowToImageFilter>();
    grab->SetInput(m->window);
    grab->SetInputBufferTypeToRGB();
    grab->ReadFrontBufferOff();
    grab->Update();
    vtkImageData* pixels = grab->GetOutput();
    int dims[3];
    pixels->GetDimensions(dims);
    const auto* rgb = static_cast<const unsigned char*>(pixels->GetScalarPointer());
    QImage frame(dims[0], dims[1], QImage::Format_RGB888);
    for (int row = 0; row < dims[1]; ++row) // VTK's rows run bottom-up
        std::copy_n(rgb + std::size_t(dims[1] - 1 - row) * std::size_t(dims[0]) * 3, std::size_t(dims[0]) * 3,
            frame.scanLine(row));
    frame.setDevicePixelRatio(dpr);
    m_frame = std::move(frame);
    update();
}

void Volume3DView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), QColor(20, 20, 23));
    if (!m_frame.isNull()) {
        painter.drawImage(QPointF(0, 0), m_frame);
        return;
    }
    painter.setPen(QColor(200, 200, 204));
    painter.drawText(rect().adjusted(16, 16, -16, -16), Qt::AlignCenter | Qt::TextWordWrap, m_message);
}

void Volume3DView::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    render();
}

void Volume3DView::mousePressEvent(QMouseEvent* event) { m_lastMouse = event->position().toPoint(); }

void Volume3DView::mouseMoveEvent(QMouseEvent* event)
{
    if (!(event->buttons() & Qt::LeftButton))
        return;
    const QPoint delta = event->position().toPoint() - m_lastMouse;
    m_lastMouse = event->position().toPoint();
    turn(-delta.x() * 0.5, delta.y() * 0.5);
}

void Volume3DView::mouseDoubleClickEvent(QMouseEvent*) { resetCamera(); }

void Volume3DView::wheelEvent(QWheelEvent* event)
{
    const double steps = event->angleDelta().y() / 120.0;
    if (steps != 0)
        zoom(std::pow(1.1, steps));
    event->accept();
}

} // namespace tr::gui
