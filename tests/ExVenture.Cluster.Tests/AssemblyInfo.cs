// Each test runs a cluster of real server processes; two at once would only make both slow on a small CI machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
