using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace UptakeSim.Reports;

/// <summary>
/// The boundaries of the CCGs of 2015 (data/ccgs_2015.geojson: ONS, Open Government Licence), projected once for
/// drawing: x = (longitude - 2W) x cos 52.5N, y = -latitude, a plain projection that keeps England's shape at this
/// scale. Each CCG is a list of rings (polygons and their holes), keyed by ODS code.
/// </summary>
public sealed class CcgBoundaries
{
    /// <summary>A boundary file larger than this is refused (the shipped one is 558 KB).</summary>
    public const long MaxBytes = 20_000_000;

    private static readonly double Shrink = Math.Cos(52.5 * Math.PI / 180);

    private CcgBoundaries(IReadOnlyDictionary<string, (string Name, double[][] Rings)> ccgs)
    {
        Ccgs = ccgs;
        var points = ccgs.Values.SelectMany(c => c.Rings).SelectMany(r => r).ToArray();
        (MinX, MaxX) = (Enumerable.Range(0, points.Length / 2).Min(i => points[2 * i]), Enumerable.Range(0, points.Length / 2).Max(i => points[2 * i]));
        (MinY, MaxY) = (Enumerable.Range(0, points.Length / 2).Min(i => points[2 * i + 1]), Enumerable.Range(0, points.Length / 2).Max(i => points[2 * i + 1]));
    }

    /// <summary>By ODS code: the CCG's name and rings, each ring x0, y0, x1, y1, ... projected.</summary>
    public IReadOnlyDictionary<string, (string Name, double[][] Rings)> Ccgs { get; }

    public double MinX { get; }

    public double MaxX { get; }

    public double MinY { get; }

    public double MaxY { get; }

    /// <summary>The boundaries in a GeoJSON FeatureCollection whose features carry <c>ods_code</c> and <c>name</c>;
    /// null when the file is missing. Anything else is an <see cref="InvalidDataException"/> naming the file.</summary>
    public static CcgBoundaries? Read(string path)
    {
        if (!File.Exists(path)) return null;
        if (new FileInfo(path).Length > MaxBytes) throw new InvalidDataException($"{path}: larger than {MaxBytes:N0} bytes; expected CCG boundaries as GeoJSON");
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var ccgs = new Dictionary<string, (string, double[][])>(StringComparer.Ordinal);
            foreach (var feature in document.RootElement.GetProperty("features").EnumerateArray())
            {
                var properties = feature.GetProperty("properties");
                var code = properties.GetProperty("ods_code").GetString() ?? "";
                var name = properties.TryGetProperty("name", out var n) ? n.GetString() ?? code : code;
                var geometry = feature.GetProperty("geometry");
                var polygons = geometry.GetProperty("type").GetString() switch
                {
                    "Polygon" => [geometry.GetProperty("coordinates")],
                    "MultiPolygon" => geometry.GetProperty("coordinates").EnumerateArray().ToArray(),
                    var other => throw new InvalidDataException($"{path}: geometry {other} for {code}; expected Polygon or MultiPolygon"),
                };
                var rings = polygons.SelectMany(p => p.EnumerateArray()).Select(ring => ring.EnumerateArray()
                    .SelectMany(point => new[] { (point[0].GetDouble() + 2) * Shrink, -point[1].GetDouble() }).ToArray()).ToArray();
                ccgs[code] = (name, rings);
            }
            return ccgs.Count == 0 ? throw new InvalidDataException($"{path}: no features; expected one per CCG") : new CcgBoundaries(ccgs);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            throw new InvalidDataException($"{path}: not CCG boundaries ({e.Message}); expected a GeoJSON FeatureCollection with ods_code on each feature");
        }
    }
}

/// <summary>How a map colours its values: the chance of being delegated (0 to 1, light to dark), or a paired
/// difference in that chance (diverging about 0, symmetric to the largest difference).</summary>
public enum MapScale
{
    Probability,
    Difference,
}

/// <summary>
/// A map of England's CCGs of 2015 as inline SVG, each area coloured by its value (a CCG with none is hatched grey),
/// with a legend and each area's name and value as its tooltip. Drawn 420 pixels wide, so it fits a phone; outlines
/// simplified to a third of a pixel (Douglas-Peucker), which keeps a map of the 209 CCGs near 150 KB.
/// </summary>
public static class CcgMap
{
    public const int Width = 420;

    private const double Tolerance = 0.35;

    // ColorBrewer Blues (light to dark) and RdBu (red for fewer delegated, blue for more), readable in greyscale by
    // lightness.
    private static readonly string[] Blues = ["#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b"];
    private static readonly string[] RedBlue = ["#b2182b", "#d6604d", "#f4a582", "#fddbc7", "#f7f7f7", "#d1e5f0", "#92c5de", "#4393c3", "#2166ac"];

    public static string Svg(CcgBoundaries boundaries, IReadOnlyDictionary<string, double> values, MapScale scale, string title)
    {
        var k = Width / (boundaries.MaxX - boundaries.MinX);
        var height = (int)Math.Ceiling((boundaries.MaxY - boundaries.MinY) * k);
        var extent = scale == MapScale.Difference ? Math.Max(0.05, values.Values.Select(Math.Abs).DefaultIfEmpty(0).Max()) : 1;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {height + 46}\" width=\"{Width}\" role=\"img\" aria-label=\"{Escape(title)}\" class=\"map\">\n");
        svg.Append("<defs><pattern id=\"none\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\"><rect width=\"4\" height=\"4\" fill=\"#ddd\"/><path d=\"M0 4L4 0\" stroke=\"#999\" stroke-width=\"0.6\"/></pattern></defs>\n");
        foreach (var (code, (name, rings)) in boundaries.Ccgs.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var path = new StringBuilder();
            foreach (var ring in rings) AppendRing(path, ring, boundaries, k);
            if (path.Length == 0) continue;
            var has = values.TryGetValue(code, out var value);
            var fill = has ? Colour(value, scale, extent) : "url(#none)";
            var shown = !has ? "no value" : scale == MapScale.Difference ? value.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) : value.ToString("0.00", CultureInfo.InvariantCulture);
            svg.Append(CultureInfo.InvariantCulture, $"<path d=\"{path}\" fill=\"{fill}\" stroke=\"#555\" stroke-width=\"0.3\"><title>{Escape($"{name} ({code}): {shown}")}</title></path>\n");
        }
        Legend(svg, scale, extent, height + 8);
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static void Legend(StringBuilder svg, MapScale scale, double extent, int top)
    {
        var colours = scale == MapScale.Difference ? RedBlue : Blues;
        var width = 24;
        var left = (Width - colours.Length * width) / 2;
        for (var i = 0; i < colours.Length; i++)
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left + i * width}\" y=\"{top}\" width=\"{width}\" height=\"12\" fill=\"{colours[i]}\" stroke=\"#555\" stroke-width=\"0.3\"/>\n");
        string Label(double v) => scale == MapScale.Difference ? v.ToString("+0.00;-0.00;0", CultureInfo.InvariantCulture) : v.ToString("0.0", CultureInfo.InvariantCulture);
        var (low, high) = scale == MapScale.Difference ? (-extent, extent) : (0.0, 1.0);
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"{top + 26}\" font-size=\"11\" text-anchor=\"start\">{Label(low)}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"{top + 26}\" font-size=\"11\" text-anchor=\"middle\">{Label((low + high) / 2)}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + colours.Length * width}\" y=\"{top + 26}\" font-size=\"11\" text-anchor=\"end\">{Label(high)}</text>\n");
    }

    /// <summary>The colour of a value: one of nine classes of equal width over [0, 1] or [-extent, extent].</summary>
    public static string Colour(double value, MapScale scale, double extent)
    {
        var colours = scale == MapScale.Difference ? RedBlue : Blues;
        var position = scale == MapScale.Difference ? (value / extent + 1) / 2 : value;
        return colours[Math.Clamp((int)Math.Floor(position * colours.Length), 0, colours.Length - 1)];
    }

    private static void AppendRing(StringBuilder path, double[] ring, CcgBoundaries b, double k)
    {
        var n = ring.Length / 2;
        if (n < 3) return;
        var keep = new bool[n];
        keep[0] = keep[n - 1] = true;
        Simplify(ring, 0, n - 1, keep, Tolerance / k);
        var first = true;
        for (var i = 0; i < n; i++)
        {
            if (!keep[i]) continue;
            var x = (ring[2 * i] - b.MinX) * k;
            var y = (ring[2 * i + 1] - b.MinY) * k;
            path.Append(first ? 'M' : 'L').Append(x.ToString("0.#", CultureInfo.InvariantCulture)).Append(' ').Append(y.ToString("0.#", CultureInfo.InvariantCulture));
            first = false;
        }
        path.Append('Z');
    }

    /// <summary>Douglas-Peucker over points first..last of a ring, iteratively (a long ring must not recurse deeply).</summary>
    private static void Simplify(double[] p, int first, int last, bool[] keep, double tolerance)
    {
        var stack = new Stack<(int, int)>();
        stack.Push((first, last));
        while (stack.Count > 0)
        {
            var (a, z) = stack.Pop();
            var (ax, ay, zx, zy) = (p[2 * a], p[2 * a + 1], p[2 * z], p[2 * z + 1]);
            var (dx, dy) = (zx - ax, zy - ay);
            var length = Math.Sqrt(dx * dx + dy * dy);
            var (worst, at) = (0.0, -1);
            for (var i = a + 1; i < z; i++)
            {
                var d = length == 0 ? Math.Sqrt(Math.Pow(p[2 * i] - ax, 2) + Math.Pow(p[2 * i + 1] - ay, 2)) : Math.Abs(dy * p[2 * i] - dx * p[2 * i + 1] + zx * ay - zy * ax) / length;
                if (d > worst) (worst, at) = (d, i);
            }
            if (at < 0 || worst <= tolerance) continue;
            keep[at] = true;
            stack.Push((a, at));
            stack.Push((at, z));
        }
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
