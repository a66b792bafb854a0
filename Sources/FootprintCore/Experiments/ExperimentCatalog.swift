// The claims below are our paraphrases of the sources; the figures in them are the sources'.
// Thresholds are ours, chosen so that a claim of "a lot more" needs a clear margin, and stated
// in every output through each rule's `text`.

extension ExperimentName {
    /// Names of the ratio criteria, shared by the catalog and the runner that answers them.
    public enum Criterion {
        public static let scratchOverFineTuned = "from-scratch ÷ fine-tuned energy to the target accuracy"
        public static let fineTunedOverDedicated = "fine-tuned ÷ dedicated-model energy to the target accuracy"
        public static let deepOverWideAtParameters = "deep ÷ wide energy at equal trainable parameters"
        public static let deepOverWideAtNodes = "deep ÷ wide energy at equal node count"
        public static let convOverDensePerParameter = "conv ÷ dense energy per trainable parameter"
        public static let deepOverSparseEnergy = "deep ÷ sparse training energy"
        public static let deepOverSparseTime = "deep ÷ sparse training time"
        public static let float32OverFloat16 = "Float32 ÷ Float16 inference energy"
        public static let batchOneOverLargest = "batch-1 ÷ largest-batch inference energy per sample"
        public static let denseOverSparseInference = "dense ÷ CSR inference energy at 90 % sparsity"
    }

    static let trainingSetSizeDefinition = ExperimentDefinition(
        name: .trainingSetSize,
        claim: "Training energy rises along a straight line as the training set grows: twice the samples, "
            + "about twice the energy, apart from a fixed start-up cost.",
        source: "Gitzel et al. 2023, §4.1 (Fig. 6)",
        sweep: "one model; training samples D, at least five values over a tenfold range; fixed epochs",
        rule: .linearity(LinearityRule(minimumRSquared: 0.95)))

    static let epochsDefinition = ExperimentDefinition(
        name: .epochs,
        claim: "Training energy rises along a straight line with the number of epochs, for each model.",
        source: "Gitzel et al. 2023, §4.2 (Fig. 7)",
        sweep: "two models; epochs E swept at a fixed training set",
        rule: .linearity(LinearityRule(minimumRSquared: 0.95)))

    static let transferLearningDefinition = ExperimentDefinition(
        name: .transferLearning,
        claim: "Fine-tuning a pretrained network reaches a target accuracy for far less energy than training "
            + "the same network from scratch (about 15× in Walsh et al.'s experiment), yet a small model made "
            + "for the task gets there for less still (about 90× less than fine-tuning, on MNIST).",
        source: "Gitzel et al. 2023, §4.3 (Table 3), after Walsh et al. 2021",
        sweep: "a source and a related target task: (a) the large network from scratch, (b) the same network "
            + "pretrained on the source and fine-tuned with all but its last layers frozen, (c) a dedicated small "
            + "model; energy to reach the target accuracy, and the accuracy reached; pretraining reported apart",
        rule: .ratios(
            RatioRule([
                RatioCriterion(Criterion.scratchOverFineTuned, atLeast: 2),
                RatioCriterion(Criterion.fineTunedOverDedicated, atLeast: 2)
            ])))

    static let trainingVsInferenceDefinition = ExperimentDefinition(
        name: .trainingVsInference,
        claim: "Training costs more than inference over the same samples by an overhead (backpropagation, loss) "
            + "that is no fixed offset: as networks grow it levels off at about 80 % of training energy, "
            + "i.e. β ≈ 5 in T = β·I·D·E.",
        source: "Gitzel et al. 2023, §3.5 and §4.4 (Table 4, Figs. 8–9)",
        sweep: "depths × uniform widths, each trained and, separately, run as inference over the same training "
            + "set, at two training-set sizes (the paper's 100,000 and 10,000 samples)",
        rule: .overheadShare(OverheadShareRule(target: 0.8, tolerance: 0.1)))

    static let modelSizeDefinition = ExperimentDefinition(
        name: .modelSize,
        claim: "Bigger networks of one kind take more energy to train: energy rises with trainable parameters, "
            + "though in jumps rather than smoothly.",
        source: "Gitzel et al. 2023, §4.5.1 (Figs. 10–11)",
        sweep: "dense networks of depth 10 to 170 and uniform width 25 to 100; one series per width",
        rule: .rankCorrelation(RankCorrelationRule(minimumSpearman: 0.8)))

    static let modelShapeDefinition = ExperimentDefinition(
        name: .modelShape,
        claim: "Parameter count alone does not set the energy: at equal trainable parameters a deep, narrow "
            + "network uses more than a shallow, wide one, and at equal node count the deep one still uses more "
            + "while holding fewer parameters.",
        source: "Gitzel et al. 2023, §4.5.2 (Table 6, Figs. 12–13)",
        sweep: "deep-narrow against shallow-wide pairs matched on trainable parameters, and pairs matched on node "
            + "count",
        rule: .ratios(
            RatioRule([
                RatioCriterion(Criterion.deepOverWideAtParameters, atLeast: 1.2),
                RatioCriterion(Criterion.deepOverWideAtNodes, atLeast: 1.2)
            ])))

    static let layerTypeDefinition = ExperimentDefinition(
        name: .layerType,
        claim: "Convolutional stacks use much more energy than dense stacks with comparable trainable parameters.",
        source: "Gitzel et al. 2023, §4.5.3 (Fig. 14)",
        sweep: "wide dense stacks against similarly shaped convolutional stacks (width = filters) at comparable "
            + "trainable parameters; energy per parameter and per FLOP",
        rule: .ratios(RatioRule([RatioCriterion(Criterion.convOverDensePerParameter, atLeast: 2)])))

    static let sparseVsDeepDefinition = ExperimentDefinition(
        name: .sparseVsDeep,
        claim: "Sparse modelling matches deep learning's accuracy while training on about 1 % of its energy and "
            + "4 to 5 times faster.",
        source: "Tago (HACARUS), n.d.",
        sweep: "L1-regularised logistic regression (and the Lasso where it fits) against an MLP and a CNN on the "
            + "same data: training energy and time, energy per inference, accuracy, non-zero weights",
        // 50×: the claimed 100× within a factor of two; 4×: the low end of the claimed speed-up.
        rule: .ratios(
            RatioRule(
                [
                    RatioCriterion(Criterion.deepOverSparseEnergy, atLeast: 50),
                    RatioCriterion(Criterion.deepOverSparseTime, atLeast: 4)
                ], maximumAccuracyDrop: 0.05)))

    static let precisionDefinition = ExperimentDefinition(
        name: .precision,
        claim: "Keeping weights in 16 instead of 32 bits halves the bytes an inference moves and so cuts its "
            + "energy, at little cost in accuracy.",
        source: "Yastremsky (ODSC), n.d.; Patterson et al. 2021",
        sweep: "the same trained network evaluated with Float32 and with Float16-stored weights: inference energy, "
            + "accuracy, bytes moved",
        rule: .ratios(
            RatioRule([RatioCriterion(Criterion.float32OverFloat16, atLeast: 1.1)], maximumAccuracyDrop: 0.01)))

    static let batchSizeDefinition = ExperimentDefinition(
        name: .batchSize,
        claim: "Serving requests in batches costs less energy per sample than serving them one at a time.",
        source: "Yastremsky (ODSC), n.d.",
        sweep: "batch sizes 1 to 512: training and inference energy per sample",
        rule: .ratios(RatioRule([RatioCriterion(Criterion.batchOneOverLargest, atLeast: 2)])))

    static let pruningDefinition = ExperimentDefinition(
        name: .pruning,
        claim: "Pruning most of a network's weights and skipping the zeros cuts inference energy several-fold "
            + "(pruning, quantisation and efficient coding together by 3 to 7×) at little cost in accuracy.",
        source: "Patterson et al. 2021, as cited by Gitzel et al. 2023, §3.4; Yastremsky (ODSC), n.d.",
        sweep: "magnitude pruning at sparsity 0 to 95 %: inference energy with the weights in CSR against dense, "
            + "accuracy",
        rule: .ratios(
            RatioRule([RatioCriterion(Criterion.denseOverSparseInference, atLeast: 2)], maximumAccuracyDrop: 0.02)))
}
