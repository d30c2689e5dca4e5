using System.Runtime.InteropServices;

namespace UptakeSim.Experiments.Commands;

/// <summary>SIGINT/SIGTERM: the first says so in one line and cancels the work (what completed is written, flagged
/// partial); the second runs <paramref name="abandon"/> (removing half-written results) and exits at once.</summary>
public sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration[] _registrations;

    public Interruption(TextWriter errors, Action abandon)
    {
        void Handle(PosixSignalContext context)
        {
            context.Cancel = true;
            if (_source.IsCancellationRequested)
            {
                abandon();
                Environment.Exit(ExitCodes.Interrupted);
            }
            errors.WriteLine("interrupted: finishing the work in flight, then writing what completed, flagged partial (again to quit at once, writing nothing)");
            _source.Cancel();
        }
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
    }

    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        _source.Dispose();
    }
}
