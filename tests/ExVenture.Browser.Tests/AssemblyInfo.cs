// One browser and a server or two at a time: in parallel they would only slow each other on a small CI machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
